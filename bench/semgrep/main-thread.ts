/**
 * How much of a large scan with a project's Semgrep rules runs on the main thread (the one a server or
 * a language server answers on): the event loop's active time during `scanSources` on the scan's worker
 * pool, and the wall time, with bench/semgrep/rule-set.ts's 300 synthetic rules as the project's
 * `.semgrep.yml`. One warm-up scan first (workers started, grammars loaded).
 *
 *   npx tsx bench/semgrep/main-thread.ts [checkout]
 *
 * `checkout`: another checkout of vouch to measure (its src/, this rule set), for a before/after; it needs
 * the layers' public entry points (`src/security/index.ts`, `src/core/index.ts`), as every build since they came.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { syntheticRules } from './rule-set.js';

const here = join(import.meta.dirname, '..', '..');
const root = process.argv[2] ?? here;
const { closeScanPool, scanSources } = await import(`${root}/src/security/index.ts`);
const { languageForPath } = await import(`${root}/src/core/index.ts`);
function filesUnder(folder: string, ext: string, limit: number): string[] {
  const found: string[] = [];
  const visit = (p: string) => {
    for (const name of readdirSync(p).sort()) {
      if (found.length >= limit) return;
      const full = join(p, name);
      if (statSync(full).isDirectory()) {
        if (!['tests', '__tests__', 'locale'].includes(name)) visit(full);
      } else if (name.endsWith(ext) && !name.endsWith('.d.ts')) found.push(full);
    }
  };
  visit(folder);
  return found;
}
const paths = [
  ...filesUnder('/usr/lib/python3/dist-packages/django', '.py', 400),
  ...filesUnder(join(here, 'node_modules/hono/dist'), '.js', 200),
  ...filesUnder(join(here, 'node_modules/zod/src'), '.ts', 200),
];
const inputs = paths.map((path) => ({
  path,
  source: readFileSync(path, 'utf8'),
  language: languageForPath(path),
}));
const ws = mkdtempSync(join(tmpdir(), 'vouch-semgrep-main-thread-'));
writeFileSync(join(ws, '.semgrep.yml'), syntheticRules(300));
const options = { workspaceRoot: ws, external: false, parallel: true };
await scanSources(inputs, options);
const before = performance.eventLoopUtilization();
const t0 = performance.now();
const report = await scanSources(inputs, options);
const wall = performance.now() - t0;
const elu = performance.eventLoopUtilization(before);
console.log(
  JSON.stringify({
    root,
    files: inputs.length,
    findings: report.findings.length,
    mainThreadActiveMs: Math.round(elu.active),
    wallMs: Math.round(wall),
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  }),
);
await closeScanPool();
rmSync(ws, { recursive: true, force: true });
