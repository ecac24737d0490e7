/**
 * Agreement of vouch's Semgrep matcher with the annotated rule tests of bench/semgrep/corpus (synthetic:
 * written for issue 47), per language and per feature the rule uses.
 *
 *   npx tsx bench/semgrep/agreement.ts tune|sealed [--record first|final]
 *
 * `--record` stores the run in bench/semgrep/runs.json (the sealed split's first run is recorded once and
 * never replaced); the RESULTS section is written by bench/semgrep/speed.ts --results from that file.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ruleTestFiles, runRuleTest } from '../../src/security/index.js';

const here = import.meta.dirname;
export const RUNS = join(here, 'runs.json');

const FEATURES = [
  'pattern-either',
  'pattern-not',
  'pattern-inside',
  'pattern-not-inside',
  'pattern-regex',
  'metavariable-regex',
  'metavariable-pattern',
  'metavariable-comparison',
  'focus-metavariable',
] as const;

/** The features a rule file uses, read from its text (keys and pattern syntax). */
export function featuresOf(ruleText: string): string[] {
  const found = new Set<string>();
  const document = parseYaml(ruleText) as { rules?: Record<string, unknown>[] };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if ((FEATURES as readonly string[]).includes(key)) found.add(key);
        if (key === 'pattern' || key.startsWith('pattern-')) patternFeatures(inner);
        walk(inner);
      }
  };
  const patternFeatures = (value: unknown): void => {
    if (typeof value !== 'string') return;
    if (value.includes('<...')) found.add('deep expression <... $X ...>');
    if (/\w\((\s*\.\.\.|[^)]*,\s*\.\.\.)/.test(value)) found.add('... in arguments');
    if (/\n\s*\.\.\.\s*(\n|$)|\{\s*\.\.\.\s*\}/.test(value)) found.add('... in statements');
    if (/[{[]\s*\.\.\.\s*[,}\]]|,\s*\.\.\.\s*[}\]]/.test(value)) found.add('... in containers');
    if (/"\.\.\."|'\.\.\.'/.test(value)) found.add('"..." strings');
    if (/<\$?\w+[^>]*>/.test(value) && /\/>|<\//.test(value)) found.add('JSX');
    const names = value.match(/\$[A-Z_][A-Z0-9_]*/g) ?? [];
    if (names.length !== new Set(names).size) found.add('metavariable equality');
  };
  for (const rule of document.rules ?? []) {
    if (rule.mode === 'taint') found.add('mode: taint');
    walk(rule);
  }
  // equality across patterns: one metavariable named in two patterns of a rule
  for (const rule of document.rules ?? []) {
    const counts = new Map<string, number>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string')
        for (const name of new Set(value.match(/\$[A-Z_][A-Z0-9_]*/g) ?? []))
          counts.set(name, (counts.get(name) ?? 0) + 1);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object')
        for (const [key, inner] of Object.entries(value))
          if (key !== 'message' && key !== 'metavariable') collect(inner);
    };
    collect(rule);
    if ([...counts.values()].some((count) => count > 1)) found.add('metavariable equality');
  }
  return [...found].sort();
}

export interface Tally {
  agree: number;
  total: number;
}
export interface AgreementRun {
  split: string;
  commit: string;
  date: string;
  overall: Tally;
  byLanguage: Record<string, Tally>;
  byFeature: Record<string, Tally>;
  notRun: { id: string; reason: string }[];
  disagreements: string[];
}

export async function agreement(split: string): Promise<AgreementRun> {
  const directory = join(here, 'corpus', split);
  const run: AgreementRun = {
    split,
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(),
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
    overall: { agree: 0, total: 0 },
    byLanguage: {},
    byFeature: {},
    notRun: [],
    disagreements: [],
  };
  const add = (tally: Record<string, Tally>, key: string, agrees: boolean) => {
    tally[key] ??= { agree: 0, total: 0 };
    tally[key]!.total++;
    if (agrees) tally[key]!.agree++;
  };
  for (const { ruleFile, testFiles } of ruleTestFiles(directory)) {
    const features = featuresOf(readFileSync(ruleFile, 'utf8'));
    const result = await runRuleTest(ruleFile, testFiles, directory);
    run.notRun.push(...result.notRun.map(({ id, reason }) => ({ id, reason })));
    for (const line of result.lines) {
      // todoruleid/todook lines are known gaps, never agreement: counted as disagreement here.
      run.overall.total++;
      if (line.agrees) run.overall.agree++;
      add(run.byLanguage, line.language, line.agrees);
      for (const feature of features) add(run.byFeature, feature, line.agrees);
      if (!line.agrees)
        run.disagreements.push(
          `${line.file}:${line.line} ${line.expect}: ${line.rule} (reported: ${line.reported})`,
        );
    }
    for (const extra of result.unexpected)
      run.disagreements.push(`${extra.file}:${extra.line} unannotated finding of ${extra.rule}`);
  }
  return run;
}

const percent = (tally: Tally) =>
  `${tally.agree}/${tally.total} (${((100 * tally.agree) / Math.max(1, tally.total)).toFixed(0)}%)`;

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const split = process.argv[2] ?? 'tune';
  const record =
    process.argv.indexOf('--record') >= 0 ? process.argv[process.argv.indexOf('--record') + 1] : undefined;
  const run = await agreement(split);
  console.log(`${split}: ${percent(run.overall)}`);
  for (const [language, tally] of Object.entries(run.byLanguage))
    console.log(`  ${language}: ${percent(tally)}`);
  for (const [feature, tally] of Object.entries(run.byFeature))
    console.log(`  ${feature}: ${percent(tally)}`);
  for (const entry of run.notRun) console.log(`  not run: ${entry.id}: ${entry.reason}`);
  for (const line of run.disagreements) console.log(`  ✗ ${line}`);
  if (record === 'first' || record === 'final') {
    const runs = existsSync(RUNS)
      ? (JSON.parse(readFileSync(RUNS, 'utf8')) as Record<string, AgreementRun>)
      : {};
    const key = `${split}-${record}`;
    if (record === 'first' && runs[key])
      throw new Error(`${key} is already recorded (${runs[key]!.commit}); a first run is kept`);
    runs[key] = run;
    writeFileSync(RUNS, `${JSON.stringify(runs, null, 2)}\n`);
    console.log(`recorded as ${key}`);
  }
}
