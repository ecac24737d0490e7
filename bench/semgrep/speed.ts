/**
 * Time per file of vouch's Semgrep matcher with a few hundred rules loaded, against vouch's own engine
 * on the same files (CPU time of this process, in turns: the machine is shared, wall time is noise).
 *
 *   npx tsx bench/semgrep/speed.ts [--rules 300] [--results]
 *
 * Files: real code nobody here wrote — Debian's Django (python3-django, 859 files, when installed), the
 * JavaScript of hono's dist/ and the TypeScript sources of zod and gpt-tokenizer from node_modules.
 * Rules: bench/semgrep/rule-set.ts (synthetic). `--results` writes the RESULTS section from this run and
 * the agreement runs in bench/semgrep/runs.json.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { type LanguageId, languageForPath } from '../../src/core/index.js';
import { loadRuleFile, scanSource, semgrepFindings } from '../../src/security/index.js';
import { percentile, recordResults, table } from '../results.js';
import type { AgreementRun, Tally } from './agreement.js';
import { RUNS } from './agreement.js';
import { syntheticRules } from './rule-set.js';

const ROOT = join(import.meta.dirname, '..', '..');

function filesUnder(folder: string, extensions: string[], limit: number): string[] {
  const found: string[] = [];
  const visit = (path: string): void => {
    if (found.length >= limit) return;
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'tests' && name !== '__tests__' && name !== 'locale') visit(full);
      } else if (extensions.some((extension) => name.endsWith(extension)) && !name.endsWith('.d.ts'))
        found.push(full);
      if (found.length >= limit) return;
    }
  };
  if (existsSync(folder)) visit(folder);
  return found;
}

export function corpus(): { path: string; source: string; language: LanguageId; origin: string }[] {
  const sets: [string, string[], string, number][] = [
    ['/usr/lib/python3/dist-packages/django', ['.py'], "Debian's python3-django", 400],
    [join(ROOT, 'node_modules/hono/dist'), ['.js'], 'hono dist/ (npm)', 200],
    [join(ROOT, 'node_modules/zod/src'), ['.ts'], 'zod src/ (npm)', 100],
    [join(ROOT, 'node_modules/gpt-tokenizer/src'), ['.ts'], 'gpt-tokenizer src/ (npm)', 100],
  ];
  return sets.flatMap(([folder, extensions, origin, limit]) =>
    filesUnder(folder, extensions, limit).map((path) => ({
      path,
      source: readFileSync(path, 'utf8'),
      language: languageForPath(path)!,
      origin,
    })),
  );
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

const count = Number(process.argv[process.argv.indexOf('--rules') + 1] ?? 300) || 300;
const files = corpus();
const loaded = await loadRuleFile(syntheticRules(count), 'synthetic.yaml');
if (loaded.notRun.length > 0)
  throw new Error(`synthetic rules not run: ${JSON.stringify(loaded.notRun.slice(0, 3))}`);
const byLanguage = new Map<string, { engine: number[]; rules: number[]; findings: number }>();
// One warm-up round, then three in turns; each file's time is its median over the rounds.
const engineTimes = files.map(() => [] as number[]);
const ruleTimes = files.map(() => [] as number[]);
let findings = 0;
for (let round = 0; round < 4; round++) {
  for (const [index, file] of files.entries()) {
    const engineStart = cpuMs();
    await scanSource({ path: file.path, source: file.source, language: file.language });
    const engineEnd = cpuMs();
    const found = await semgrepFindings({
      rules: loaded.rules,
      source: file.source,
      language: file.language,
      path: file.path,
    });
    const rulesEnd = cpuMs();
    if (round === 0) {
      findings += found.length;
      continue;
    }
    engineTimes[index]!.push(engineEnd - engineStart);
    ruleTimes[index]!.push(rulesEnd - engineEnd);
  }
}
const median = (values: number[]) => percentile(values, 50);
for (const [index, file] of files.entries()) {
  const key = file.language === 'tsx' ? 'typescript' : file.language;
  const entry = byLanguage.get(key) ?? { engine: [], rules: [], findings: 0 };
  entry.engine.push(median(engineTimes[index]!));
  entry.rules.push(median(ruleTimes[index]!));
  byLanguage.set(key, entry);
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const rows = [...byLanguage.entries()].map(([language, entry]) => [
  language,
  entry.engine.length,
  (sum(entry.engine) / entry.engine.length).toFixed(2),
  (sum(entry.rules) / entry.rules.length).toFixed(2),
  percentile(entry.rules, 95).toFixed(2),
  (sum(entry.rules) / sum(entry.engine)).toFixed(2),
]);
const allEngine = [...byLanguage.values()].flatMap((entry) => entry.engine);
const allRules = [...byLanguage.values()].flatMap((entry) => entry.rules);
rows.push([
  'all',
  allEngine.length,
  (sum(allEngine) / allEngine.length).toFixed(2),
  (sum(allRules) / allRules.length).toFixed(2),
  percentile(allRules, 95).toFixed(2),
  (sum(allRules) / sum(allEngine)).toFixed(2),
]);
const speedTable = table(
  [
    'language',
    'files',
    "engine's own CPU ms/file (mean)",
    `${loaded.rules.length} Semgrep rules, CPU ms/file (mean)`,
    'rules p95 ms',
    'rules / engine',
  ],
  rows,
);
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(speedTable);
console.log(`findings of the synthetic rules: ${findings}; load average ${load} on ${cpus().length} cores`);

if (process.argv.includes('--results')) {
  const runs = JSON.parse(readFileSync(RUNS, 'utf8')) as Record<string, AgreementRun>;
  const percent = (tally: Tally | undefined) =>
    tally
      ? `${tally.agree}/${tally.total} (${Math.round((100 * tally.agree) / Math.max(1, tally.total))}%)`
      : '—';
  const columns = ['sealed-first', 'sealed-before-taint', 'sealed-final', 'tune-before-taint', 'tune-final'];
  const agreementTable = (key: 'byLanguage' | 'byFeature') => {
    const names = [...new Set(columns.flatMap((run) => Object.keys(runs[run]?.[key] ?? {})))].sort();
    return table(
      [
        key === 'byLanguage' ? 'language' : 'feature (lines of rules using it)',
        `sealed, first run (${runs['sealed-first']?.commit ?? '—'})`,
        `sealed, before taint (${runs['sealed-before-taint']?.commit ?? '—'})`,
        `sealed, final (${runs['sealed-final']?.commit ?? '—'})`,
        `tune, before taint (${runs['tune-before-taint']?.commit ?? '—'})`,
        `tune, final (${runs['tune-final']?.commit ?? '—'})`,
      ],
      [
        ...names.map((name) => [name, ...columns.map((run) => percent(runs[run]?.[key][name]))]),
        ['all', ...columns.map((run) => percent(runs[run]?.overall))],
      ],
    );
  };
  const origins = [...new Set(files.map((file) => file.origin))].join(', ');
  const explained = (key: string) => {
    const run = runs[key];
    if (!run) return '—';
    const notRun = new Set(run.notRun.map((entry) => entry.id));
    const ofNotRun = run.disagreements.filter((line) =>
      notRun.has(/ (?:ruleid|ok|todoruleid|todook): (\S+) /.exec(line)?.[1] ?? ''),
    );
    return `${key}: ${run.disagreements.length} disagreeing line(s), ${ofNotRun.length} of them of rules reported as not run (${[...notRun].join(', ') || 'none'})`;
  };
  recordResults(
    'semgrep',
    "Semgrep rules: vouch's matcher (issue 47)",
    `Agreement of vouch's matcher with the annotated rule tests of bench/semgrep/corpus (synthetic: written for issue 47 by the engineer who wrote the matcher, the sealed split committed before the matcher existed; a line agrees when a \`ruleid:\` line is reported or an \`ok:\` line is not; lines of rules the matcher does not run count as disagreeing). First run: ${runs['sealed-first']?.commit ?? '—'} (search mode only); before taint: ${runs['sealed-before-taint']?.commit ?? '—'} (the previous round's final, \`mode: taint\` rules not run); final: ${runs['sealed-final']?.commit ?? '—'} (\`mode: taint\` on vouch's taint engine). The tune split gained two taint rules with the taint engine (shell-taint, fetch-taint), so its before and final columns count different lines. Semgrep itself could not be installed here, so this is agreement with the annotations, not with Semgrep. ${columns.map(explained).join('; ')}.

${agreementTable('byLanguage')}

${agreementTable('byFeature')}

Time per file, CPU of one process (median of three rounds per file after a warm-up, vouch's engine and the matcher in turns on each file): ${files.length} real files (${origins}); ${loaded.rules.length} rules (bench/semgrep/rule-set.ts, synthetic; ${loaded.rules.filter((rule) => rule.taint).length} of them \`mode: taint\`). The matcher's time includes its own parse of each file some rule's words admit, and for a taint rule the engine's run on the file. The previous round (5e8237f: 300 search-mode rules, load 22-30) measured 1.74 against 2.05 ms/file, 0.85×. Load average ${load} on ${cpus().length} cores while measured: re-measure on a quiet machine.

${speedTable}`,
    {
      origin:
        'synthetic: bench/semgrep/corpus, annotated rule tests written for issue 47 (the sealed split committed before the matcher existed); speed on real files',
    },
  );
}
