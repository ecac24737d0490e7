/**
 * Issue 59 (bench/notes/2026-11-27-gate-slow-file.md): the engine's time on a generated file shaped like a
 * bundled recursive-descent parser — one function holding `depth` nested functions, each calling the next
 * twice, each with some statements — at growing sizes. Before the closure bound the time doubled with each
 * level; now it grows with the file. vouch's engine only, one thread, no cache:
 *
 *   tsx bench/security/closure-growth.ts                    (this checkout's src/)
 *   tsx bench/security/closure-growth.ts --dist /tmp/base   (a built checkout, e.g. the code before)
 *   --depths 4,8,12,16 (each a separate size; run under `timeout`: the code before doubles per level)
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ScanInput, ScanReport } from '../../src/security/index.js';
import { nestedParser } from '../../test/support/nested-parser.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

const dist = option('--dist');
const { scanSources } = (
  dist
    ? await import(pathToFileURL(join(dist, 'dist', 'security', 'index.js')).href)
    : await import('../../src/security/index.js')
) as { scanSources: (inputs: ScanInput[], options: object) => Promise<ScanReport> };
const depths = (option('--depths') ?? '4,8,12,16').split(',').map(Number);
// the rules and the grammar load once, before anything is timed
await scanSources([{ path: 'warm.js', source: nestedParser({ depth: 1 }), language: 'javascript' }], {
  external: false,
  parallel: false,
});
for (const depth of depths) {
  const source = nestedParser({ depth });
  const started = performance.now();
  const cpu = process.cpuUsage();
  const report = await scanSources([{ path: 'parser.js', source, language: 'javascript' }], {
    external: false,
    parallel: false,
  });
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${JSON.stringify({ depth, bytes: source.length, wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000), findings: report.findings.map((finding) => `${finding.ruleId}:${finding.line}`) })}\n`,
  );
}
