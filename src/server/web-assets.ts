import { existsSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { languageForPath } from '../core/languages.js';
import { packageRoot } from '../core/package-root.js';
import { listWorkspaceFiles } from '../workspace/files.js';
import { isWorkspacePathError, resolveWorkspacePath } from '../workspace/resolve-path.js';
import { HttpError } from './http-error.js';
import { defineRoute, type RouteContext } from './route.js';

/**
 * The web UI (`web/`, bundled into dist/web at build time) served at `/`, and the one endpoint it needs
 * beyond the API: `GET /v1/files`, the lines a citation points at.
 */

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The page loads only its own bundle and talks only to this server: no CDN, no inline script, no framing. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The most lines one request returns: a citation's neighbourhood, not a download. */
export const MAX_EXCERPT_LINES = 2000;

export const fileQuery = z
  .object({
    path: z.string().min(1).max(1000).meta({ description: 'a file of the workspace, relative to its root' }),
    start: z.coerce.number().int().min(1).optional().meta({ description: 'first line (1-based, default 1)' }),
    end: z.coerce.number().int().min(1).optional().meta({ description: 'last line (inclusive)' }),
  })
  .strict();

export const fileExcerpt = z.object({
  path: z.string(),
  language: z.string().nullable(),
  startLine: z.number().int(),
  endLine: z.number().int(),
  totalLines: z.number().int(),
  text: z.string(),
});

export function webAssetsDir(): string {
  return join(packageRoot(), 'dist', 'web');
}

/**
 * Which files may be shown: exactly those vouch would index (git's ignore rules, .vouchignore, no
 * vendored folders, binaries, huge files or secrets files). Listed again at most every few seconds, so a
 * page of citations costs one walk.
 */
function workspaceFileSet(root: string): () => Promise<Set<string>> {
  let cached: { at: number; files: Promise<Set<string>> } | undefined;
  return () => {
    if (!cached || performance.now() - cached.at > 5000) {
      const files = listWorkspaceFiles(root).then((list) => new Set(list.map((file) => file.path)));
      files.catch(() => {
        cached = undefined;
      });
      cached = { at: performance.now(), files };
    }
    return cached.files;
  };
}

function badPath(path: string): string | undefined {
  if (path.includes('\0')) return 'must not contain a NUL byte';
  if (path.includes('\\')) return 'must use forward slashes';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'must be relative to the workspace';
  if (path.split('/').some((part) => part === '..' || part === '.' || part === ''))
    return 'must stay inside the workspace';
  return undefined;
}

export function registerWebAssets(context: RouteContext, options: { root: string }): void {
  const { app } = context;
  const assets = webAssetsDir();
  const files = workspaceFileSet(options.root);
  const _realRoot = existsSync(options.root) ? realpathSync(options.root) : options.root;

  app.get('/', async (c) => {
    const index = join(assets, 'index.html');
    if (!existsSync(index))
      throw new HttpError({
        status: 503,
        code: 'web_ui_not_built',
        message: 'the web UI is not built into this installation',
        hint: 'run `npm run build`',
      });
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
    return c.html(await readFile(index, 'utf8'));
  });
  app.get('/assets/:name', async (c) => {
    const name = c.req.param('name');
    const type = CONTENT_TYPES[extname(name)];
    const path = join(assets, 'assets', name);
    if (!ASSET_NAME.test(name) || !type || !existsSync(path))
      throw new HttpError({
        status: 404,
        code: 'not_found',
        message: `no asset ${JSON.stringify(name)}`,
        hint: 'reload the page: the UI may have been rebuilt',
      });
    // names carry a content hash: a new build is a new name
    c.header('cache-control', 'public, max-age=31536000, immutable');
    c.header('x-content-type-options', 'nosniff');
    c.header('content-type', type);
    return c.body(await readFile(path));
  });

  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/files',
      summary:
        'lines of a workspace file (what a citation points at); secrets files and ignored files are refused',
      tag: 'workspace',
      scope: 'tasks',
      query: fileQuery,
      response: fileExcerpt,
    },
    async (c, { query }) => {
      const problem = badPath(query.path);
      if (query.start !== undefined && query.end !== undefined && query.end < query.start)
        throw new HttpError({
          status: 400,
          code: 'invalid_request',
          message: `invalid query: end (${query.end}) is before start (${query.start})`,
        });
      if (problem)
        throw new HttpError({
          status: 400,
          code: 'invalid_request',
          message: `invalid query: path: ${problem}`,
        });
      const notFound = () =>
        new HttpError({
          status: 404,
          code: 'not_found',
          message: `the workspace has no file ${JSON.stringify(query.path)} that vouch may show`,
          hint: 'files ignored by git or .vouchignore, vendored, binary or over 1 MiB are not shown',
        });
      // the one resolver every face and task reads through: a symbolic link must not lead out of the
      // workspace, or to a secrets file or a store under another name
      let real: string;
      try {
        real = resolveWorkspacePath(options.root, query.path).absolutePath;
      } catch (error) {
        if (!isWorkspacePathError(error)) throw error;
        if (error.reason === 'secrets' || error.reason === 'store')
          throw new HttpError({ status: 403, code: 'secrets_file', message: `${error.message}` });
        throw notFound();
      }
      if (!(await files()).has(query.path)) throw notFound();
      const lines = (await readFile(real, 'utf8')).split(/\r?\n/);
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      const total = lines.length;
      const start = Math.min(query.start ?? 1, Math.max(total, 1));
      const end = Math.min(query.end ?? start + MAX_EXCERPT_LINES - 1, total, start + MAX_EXCERPT_LINES - 1);
      return c.json({
        path: query.path,
        language: languageForPath(query.path) ?? null,
        startLine: start,
        endLine: Math.max(end, start),
        totalLines: total,
        text: lines.slice(start - 1, end).join('\n'),
      });
    },
  );
}
