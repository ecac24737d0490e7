/**
 * The engine's CPU per file, for comparing two builds (issue 44's budget: no more than 20% growth). One
 * process scans one file set with the compiled engine of the build it is given (its `dist/`, so an older
 * commit's engine runs on the same inputs), in-process and on one thread: a cold scan (start-up, the
 * compiler warming up, what a fresh `vouch scan` pays, cache aside), then one untimed warm-up and three
 * timed warm scans (what a long-running server or language server pays). It prints one JSON line.
 *
 *   node --import tsx bench/security/engine-cpu.ts <build root> <set>
 *     <build root>   a checkout with an up-to-date `npm run build` (this one, or a `git worktree` of the older commit)
 *     <set>          django            Debian's python3-django (/usr/lib/python3/dist-packages/django)
 *                    corpus            the labelled corpus ×8 (bench/security/corpus, small files, as bench:security)
 *                    src               this checkout's src/ (TypeScript, tests left out)
 *
 * Run the two builds in turn, several times each, and compare medians pair by pair (the machine is shared):
 * whole-process CPU with `/usr/bin/time -v` or any timer that alternates the two commands, and the JSON's
 * `warmCpuMsPerFile`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type LanguageId, languageForPath } from '../../src/core/index.js';
import type { ScanInput, ScanReport } from '../../src/security/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SETS: Record<string, () => ScanInput[]> = {
  django: () => inputs('/usr/lib/python3/dist-packages/django', (path) => path.endsWith('.py')),
  corpus: () => {
    const once = inputs(join(ROOT, 'bench/security/corpus'), (path) => !!languageForPath(path));
    return Array.from({ length: 8 }, (_, copy) =>
      once.map((input) => ({ ...input, path: `${copy}/${input.path}` })),
    ).flat();
  },
  src: () => inputs(join(ROOT, 'src'), (path) => path.endsWith('.ts') && !path.endsWith('.test.ts')),
};

function walk(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === '__pycache__' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out.sort();
}

function inputs(base: string, keep: (path: string) => boolean): ScanInput[] {
  return walk(base, keep).map((file) => ({
    path: relative(base, file),
    absolutePath: file,
    source: readFileSync(file, 'utf8'),
    language: languageForPath(file) as LanguageId,
  }));
}

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function main(): Promise<void> {
  const [buildRoot, setName] = process.argv.slice(2);
  const set = setName ? SETS[setName] : undefined;
  if (!buildRoot || !set) {
    process.stderr.write(`usage: engine-cpu.ts <build root> <${Object.keys(SETS).join('|')}>\n`);
    process.exit(2);
  }
  const scanModule = join(resolve(buildRoot), 'dist/security/scan.js');
  const { scanSources } = (await import(pathToFileURL(scanModule).href)) as {
    scanSources: (files: ScanInput[], options: object) => Promise<ScanReport>;
  };
  const files = set();
  const scan = async () => {
    const before = cpuMs();
    const report = await scanSources(files, { external: false, parallel: false });
    return { cpuMs: cpuMs() - before, findings: report.findings.length };
  };
  const cold = await scan();
  await scan();
  const warm = [await scan(), await scan(), await scan()].map((run) => run.cpuMs).sort((a, b) => a - b);
  const perFile = (ms: number) => Number((ms / files.length).toFixed(3));
  process.stdout.write(
    `${JSON.stringify({
      build: resolve(buildRoot),
      set: setName,
      files: files.length,
      findings: cold.findings,
      coldCpuMsPerFile: perFile(cold.cpuMs),
      warmCpuMsPerFile: perFile(warm[1]!),
    })}\n`,
  );
}

await main();
