import type { Context } from 'hono';
import { type LanguageId, languageForPath, normalizeLanguage } from '../../core/languages.js';
import { runTask, scanFindings, type TaskHost } from '../../tasks/index.js';
import { CheckDeadlineError, type CheckPool } from '../check-pool.js';
import type { CheckTaskName } from '../check-worker.js';
import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import {
  checkRequest,
  checkResponse,
  licenceRequest,
  licenceResponse,
  scanRequest,
  scanResponse,
} from '../schemas.js';

function language(value: string, field: string): LanguageId {
  const id = normalizeLanguage(value);
  if (!id)
    throw new HttpError({
      status: 400,
      code: 'invalid_request',
      message: `invalid body: ${field}: unknown language '${value}'`,
    });
  return id;
}

/** A path in a request is a name inside the workspace, never a way out of it. */
function workspaceRelative(path: string, field: string): string {
  if (path.startsWith('/') || path.split(/[\\/]/).includes('..') || path.includes('\0'))
    throw new HttpError({
      status: 400,
      code: 'invalid_request',
      message: `invalid body: ${field}: must be relative to the workspace and stay inside it`,
    });
  return path;
}

const signalOf = (c: Context) => c.req.raw.signal;

/**
 * `vouch check`, `vouch scan` and `vouch licence` over HTTP: the same tasks those commands run, on code
 * sent in the body (nothing is read from the server's disk but the workspace's own configuration and
 * manifests), answered in these routes' own shapes.
 */
export function registerCheckRoutes(
  context: RouteContext,
  hostFor: (userId: string) => TaskHost,
  /** where `check` and `licence` run: a worker pool with a deadline (check-pool.ts); absent, this thread */
  pool?: CheckPool,
): void {
  /**
   * The task on the pool's worker (the server's thread stays free for everyone else), or here without a
   * pool. A run past the pool's deadline is undefined: the caller answers "not verified" with the reason.
   */
  const runChecked = async <Name extends CheckTaskName>(
    name: Name,
    input: Record<string, unknown>,
    { userId, signal }: { userId: string; signal: AbortSignal },
  ) => {
    if (!pool) return runTask({ name, input, host: hostFor(userId), options: { signal } });
    try {
      return await pool.run(name, input, { signal });
    } catch (error) {
      if (error instanceof CheckDeadlineError) return error;
      throw error;
    }
  };

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/check',
      summary:
        'check code against the served project: syntax, imports/APIs, types, lint, security, licence, tests',
      tag: 'checks',
      scope: 'tasks',
      body: checkRequest,
      response: checkResponse,
    },
    async (c, { auth, body }) => {
      // admitted against the server's cap on concurrent work, within the user's share (admission.ts)
      const input = {
        code: body.code,
        language: language(body.language, 'language'),
        // the check task places it through the one path resolver
        path: body.path ? workspaceRelative(body.path, 'path') : '<generated>',
        ...(body.tests?.length ? { tests: body.tests } : {}),
      };
      const result = await context.admission.run(
        () => runChecked('check', input, { userId: auth.user.id, signal: signalOf(c) }),
        { user: auth.user.id, signal: signalOf(c) },
      );
      // past its deadline: not verified, with the reason (never a pass)
      if (result instanceof CheckDeadlineError)
        return c.json({ status: 'unverified' as const, reasons: [result.message], checks: [] });
      const { status, reasons, checks } = result.verification;
      return c.json({ status: status === 'none' ? 'unverified' : status, reasons, checks });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/scan',
      summary: 'scan code for security flaws (taint-tracked) and secrets',
      tag: 'checks',
      scope: 'tasks',
      body: scanRequest,
      response: scanResponse,
    },
    async (c, { auth, body }) => {
      const files = body.files.map((file, index) => {
        const path = workspaceRelative(file.path, `files.${index}.path`);
        const fileLanguage = file.language
          ? language(file.language, `files.${index}.language`)
          : languageForPath(path);
        return { path, source: file.source, ...(fileLanguage ? { language: fileLanguage } : {}) };
      });
      // no external scanner on the server: a request's code is scanned by vouch's own engine only
      // admitted against the server's cap on concurrent work, within the user's share (admission.ts)
      const result = await context.admission.run(
        () =>
          runTask({
            name: 'scan',
            input: { files, external: false, ...(body.failOn ? { failOn: body.failOn } : {}) },
            host: hostFor(auth.user.id),
            options: { signal: signalOf(c) },
          }),
        { user: auth.user.id, signal: signalOf(c) },
      );
      const { details } = result;
      const status = result.verification.status;
      return c.json({
        // a scan that checked nothing (no file of a language the rules read) is not a pass: `failing: 0` alone said so
        status: status === 'fail' || status === 'pass' ? status : 'unverified',
        files: details.files,
        failing: details.failing,
        findings: scanFindings(result),
        tools: details.tools,
        durationMs: details.durationMs,
      });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/licence',
      summary:
        "the served project's dependency licences against its policy; with `code`, copied copyleft code in it",
      tag: 'checks',
      scope: 'tasks',
      body: licenceRequest,
      response: licenceResponse,
    },
    async (c, { auth, body }) => {
      if (body.code !== undefined && !body.language)
        throw new HttpError({
          status: 400,
          code: 'invalid_request',
          message: 'invalid body: language: required with code',
        });
      // admitted against the server's cap on concurrent work, within the user's share (admission.ts)
      const input =
        body.code !== undefined ? { code: body.code, language: language(body.language!, 'language') } : {};
      const result = await context.admission.run(
        () => runChecked('licence', input, { userId: auth.user.id, signal: signalOf(c) }),
        { user: auth.user.id, signal: signalOf(c) },
      );
      if (result instanceof CheckDeadlineError)
        return c.json({
          status: 'unverified' as const,
          reasons: [result.message],
          dependencies: {},
          matches: [],
        });
      const { details } = result;
      const { status, reasons } = result.verification;
      return c.json({
        status: status === 'fail' || status === 'pass' ? status : 'unverified',
        reasons,
        dependencies: details.dependencies,
        matches: details.matches ?? [],
      });
    },
  );
}
