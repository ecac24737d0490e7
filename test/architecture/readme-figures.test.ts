import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A folder's README is a map (what each file is and why), not a lab notebook: a measurement belongs in a
 * decision record (docs/decisions/) or a dated note (bench/notes/), linked from the map, where its date,
 * machine and load go with it. Settings (a timeout, a budget, a retry delay) are not measurements.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
/** What a measurement reads like: a percentile, a before → after in time, a CPU cost, a speed-up, "Measured on". */
const MEASUREMENT =
  /\bp(?:50|90|95|99)\b|\d(?:\.\d+)? ?(?:ms|s|µs) → \d|\bms of CPU\b|\bs of CPU\b|\d(?:\.\d+)?× (?:the|faster|slower)|\bMeasured on\b/;

function folderReadmes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : folderReadmes(path);
    return entry.name === 'README.md' ? [path] : [];
  });
}

describe('folder READMEs under src/', () => {
  it('hold no measurements: each goes to a decision record or a note, linked', () => {
    const readmes = folderReadmes(join(ROOT, 'src'));
    expect(readmes.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const readme of readmes)
      readFileSync(readme, 'utf8')
        .split('\n')
        .forEach((line, at) => {
          if (MEASUREMENT.test(line)) found.push(`${relative(ROOT, readme)}:${at + 1}: ${line.trim()}`);
        });
    expect(found).toEqual([]);
  });
});
