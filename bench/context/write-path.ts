/**
 * The main thread's share of a first index, alone: every file of Django analysed once in-process (not
 * timed), then written into a fresh index with `writeFiles` in batches of 100, several times in turn,
 * with the thread's CPU time of each write-out. Isolates the SQLite/FTS5 write path from parsing and
 * from the machine's other load (one thread, CPU time).
 *
 *   node --import tsx bench/context/write-path.ts [rounds]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, type FileWrite, SqliteIndexStore } from '../../src/index/index.js';
import { decodeSource, listWorkspaceFiles } from '../../src/workspace/index.js';
import { EVALUATION_TREES, treeDir } from './trees.js';

const ROUNDS = Number(process.argv[2] ?? 5);
const root = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
const files = await listWorkspaceFiles(root, {});
const writes: FileWrite[] = [];
for (const file of files) {
  if (/\.pot?$/.test(file.path)) {
    writes.push({
      path: file.path,
      size: file.size,
      mtimeMs: file.mtimeMs,
      hash: `c:${file.size}`,
      analysis: { definitions: [], references: [], chunks: [], imports: [], parsed: false, syntaxErrors: 0 },
    });
    continue;
  }
  const bytes = readFileSync(file.absolutePath);
  const decoded = decodeSource({ bytes, language: file.language, name: file.path });
  if (decoded.problem) continue;
  const analysis = await analyzeFile(file.language, decoded.text);
  writes.push({
    path: file.path,
    size: file.size,
    mtimeMs: file.mtimeMs,
    hash: String(writes.length),
    ...(file.language ? { language: file.language } : {}),
    analysis,
  });
}
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-writes-'));
  const store = new SqliteIndexStore(join(dir, 'index.db'));
  const t0 = cpuMs();
  for (let start = 0; start < writes.length; start += 100) store.writeFiles(writes.slice(start, start + 100));
  store.setMeta('lastIndexedAt', 'x');
  const used = cpuMs() - t0;
  store.close();
  rmSync(dir, { recursive: true, force: true });
  times.push(used);
  process.stderr.write(`round ${round + 1}: ${used.toFixed(0)} CPU-ms\n`);
}
times.sort((a, b) => a - b);
process.stdout.write(
  `${writes.length} files written: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} CPU-ms, min ${times[0]!.toFixed(0)}\n`,
);
