// Writes dist/cli/scan-bundle.cache, V8's code cache of `vouch scan`'s bundle (src/cli/start.ts
// `buildScanCodeCache`): a scan of the shipped rules' own examples runs from the bundle in a child process,
// under a scan's V8 flags, and the cache then holds the bytecode of every function that scan compiled, so
// a user's cold `vouch scan` does not compile them again (issue 59). The file is keyed by the bundle's
// text (sha256) and V8's version, written whole or not at all, and ignored when it does not match: a
// bundle made again without it runs as before. Run by `npm run build` after bundle-context.mjs and
// build-rule-artefact.mjs (the scan then reads the rules as a user's does).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rules = join(root, 'rules', 'security');
const EXTENSIONS = { python: 'py', javascript: 'js', typescript: 'ts', tsx: 'tsx' };
// fewer files than scan.ts's PARALLEL_FROM (64): the scan must run on this thread, not on workers
const PER_FILE = 8;

const byLanguage = new Map();
for (const name of readdirSync(rules).sort()) {
  if (!name.endsWith('.json') || name.startsWith('_')) continue;
  for (const example of JSON.parse(readFileSync(join(rules, name), 'utf8')).examples ?? []) {
    if (!EXTENSIONS[example.language]) continue;
    byLanguage.set(example.language, [...(byLanguage.get(example.language) ?? []), example.code]);
  }
}
const folder = mkdtempSync(join(tmpdir(), 'vouch-scan-cache-'));
try {
  let files = 0;
  for (const [language, codes] of byLanguage)
    for (let index = 0; index < codes.length; index += PER_FILE) {
      writeFileSync(
        join(folder, `${language}-${index / PER_FILE}.${EXTENSIONS[language]}`),
        codes.slice(index, index + PER_FILE).join('\n\n'),
      );
      files++;
    }
  if (files >= 64) throw new Error(`build-scan-cache: ${files} files would be scanned on worker threads`);
  const start = join(root, 'dist', 'cli', 'start.cjs');
  const argv = ['node', 'vouch', 'scan', '.', '--no-external', '--no-cache', '--json'];
  execFileSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(start)}).buildScanCodeCache(${JSON.stringify(argv)}).catch((error) => { process.stderr.write(String(error.stack ?? error) + '\\n'); process.exitCode = 1; })`,
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // The scan pool's workers' cache (dist/security/scan-worker-bundle.cache, start.ts
  // `buildScanWorkerCodeCache`): the same files as one batch, run by the worker bundle's `scanBatch` in a
  // child's main thread under a scan's flags (V8's flags are the process's, a worker's too).
  const inputs = readdirSync(folder)
    .sort()
    .map((name) => ({
      path: name,
      source: readFileSync(join(folder, name), 'utf8'),
      language: Object.keys(EXTENSIONS).find((language) => name.startsWith(`${language}-`)),
    }));
  const batch = join(folder, 'worker-batch.json');
  writeFileSync(batch, JSON.stringify(inputs));
  execFileSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(start)}).buildScanWorkerCodeCache(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(batch)}, 'utf8'))).catch((error) => { process.stderr.write(String(error.stack ?? error) + '\\n'); process.exitCode = 1; })`,
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  // web-tree-sitter's own code cache (dist/syntax/web-tree-sitter.cache, syntax/web-tree-sitter-script.ts):
  // the same files scanned on this thread from dist/'s modules under a scan's flags, then the functions of
  // web-tree-sitter they ran written out; the bundles and the workers load the same file with it.
  const syntax = join(root, 'dist', 'syntax', 'web-tree-sitter-script.js');
  const scan = join(root, 'dist', 'security', 'scan.js');
  execFileSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(start)}).scanTierUp();
const url = require('node:url');
(async () => {
  const { scanSources } = await import(url.pathToFileURL(${JSON.stringify(scan)}));
  const { writeWebTreeSitterCodeCache } = await import(url.pathToFileURL(${JSON.stringify(syntax)}));
  await scanSources(JSON.parse(require('node:fs').readFileSync(${JSON.stringify(batch)}, 'utf8')), { parallel: false, external: false, semgrep: false });
  writeWebTreeSitterCodeCache();
})().catch((error) => { process.stderr.write(String(error.stack ?? error) + '\\n'); process.exitCode = 1; });`,
    ],
    { cwd: folder, stdio: ['ignore', 'ignore', 'inherit'] },
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
