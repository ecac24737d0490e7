import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A folder's README is a map (what each file is and why), not a lab notebook: a measurement belongs in a
 * decision record (docs/decisions/) or a dated note (bench/notes/), linked from the map, where its date,
 * machine and load go with it. Settings (a timeout, a budget, a retry delay) are not measurements: a bare
 * number with its unit (`a 30 s budget`) is taken for one, and so is any figure on a line that names its
 * setting in code (`--timeout`, `TEAM_RULES_BUDGET_MS`, `detectorBudgetMs`).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const TIME = String.raw`(?:ms|µs|s|sec|seconds?|minutes?|min|h|hours?)`;
const RATE = String.raw`(?:[kKMG]i?B|files|programs|lines|tokens|requests|req|ops)?/s`;
/**
 * What a measurement reads like: a percentile, a before → after in time, a CPU cost, a speed-up,
 * "Measured on"; a time or a throughput that is approximate (≈, ~), a range (10–60 ms), a throughput
 * (0.4 MB/s), a duration (in 85 ms, took 20 s) or a fraction of a second in words. `\s` for a space: a
 * figure may run over a line break (and the next line's indent).
 */
const MEASUREMENT = new RegExp(
  [
    String.raw`\bp(?:50|90|95|99)\b|\d(?:\.\d+)?\s?(?:ms|s|µs)\s→\s\d|\bm?s\sof\sCPU\b|\d(?:\.\d+)?×\s(?:the|faster|slower)|\bMeasured\son\b`,
    String.raw`[≈~]\s?${NUMBER}\s?(?:${TIME}|${RATE})(?![\w/])`,
    String.raw`${NUMBER}\s?(?:[–-]|to)\s?${NUMBER}\s?${TIME}(?![\w/])`,
    String.raw`${NUMBER}\s?${RATE}(?!\w)`,
    String.raw`\b(?:in|took|takes|taking|costs?|spent)\s+(?:about\s+|under\s+|over\s+)?${NUMBER}\s?${TIME}(?![\w/])`,
    String.raw`\b(?:a|one|two)\s+(?:third|quarter|half|tenth)s?\s+of\s+a\s+(?:second|minute)\b`,
  ].join('|'),
  'g',
);
/** A setting named in code on the line: its figures are the setting's, not a measurement. */
const NAMES_A_SETTING =
  /`(?:--[a-z][\w-]*|[A-Z][A-Z0-9]*_[A-Z0-9_]+|[a-z]\w*(?:Ms|Budget|Timeout|Delay|Seconds))`/;

/** The measurements in a README's text, each as `line: the line` (the first line a figure is on). */
function measurementsIn(text: string): string[] {
  const lines = text.split('\n');
  const found: string[] = [];
  for (const match of text.matchAll(MEASUREMENT)) {
    const first = text.slice(0, match.index).split('\n').length - 1;
    const last = first + match[0].split('\n').length - 1;
    if (lines.slice(first, last + 1).some((line) => NAMES_A_SETTING.test(line))) continue;
    found.push(`${first + 1}: ${lines[first]!.trim()}`);
  }
  return [...new Set(found)];
}

function folderReadmes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : folderReadmes(path);
    return entry.name === 'README.md' ? [path] : [];
  });
}

describe('what reads as a measurement', () => {
  it('is a percentile, a before → after, an approximate time, a range, a throughput or a duration, over line breaks too', () => {
    for (const text of [
      'p95 of the first request',
      '8.6 ms → 1.7 ms',
      'reparse all that follows it, 10–60 ms early',
      'answers in ≈ 1 ms',
      'found 8 of 17 in 85 ms',
      'took ~20 s before the program',
      'tree-sitter was ~0.4 MB/s',
      'for ≥ 5 MB/s',
      'a third of a\n    second per cold probe',
      'about 1.16× the CPU',
    ])
      expect(measurementsIn(text), text).toHaveLength(1);
  });

  it('is not a setting: a bare figure with its unit, or a figure on a line naming its setting in code', () => {
    for (const text of [
      'a budget of 50 s: under the sandbox’s 60 s on each tool',
      'backoff and full jitter (500 ms doubling, ≤ 8 s each, ≤ 30 s total)',
      '`timeoutMs` (default 120 s): the whole request',
      '(`TEAM_RULES_BUDGET_MS`, ~30 s): a rule can backtrack',
      'with `--timeout` at 1–3 s',
      '20 kB of program, 1,500 modules',
    ])
      expect(measurementsIn(text), text).toEqual([]);
  });
});

describe('folder READMEs under src/', () => {
  it('hold no measurements: each goes to a decision record or a note, linked', () => {
    const readmes = folderReadmes(join(ROOT, 'src'));
    expect(readmes.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const readme of readmes)
      for (const each of measurementsIn(readFileSync(readme, 'utf8')))
        found.push(`${relative(ROOT, readme)}:${each}`);
    expect(found).toEqual([]);
  });
});
