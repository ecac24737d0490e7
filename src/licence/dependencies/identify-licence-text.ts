import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';

/**
 * Names the licence a LICENSE/COPYING file contains by comparing it with the reference texts of the SPDX
 * licence list (the `spdx-license-list` package, CC0). Texts are compared as sets of word 3-grams after
 * dropping case, punctuation, copyright lines and the `<year>`-style placeholders, so the copyright
 * holder and the line wrapping do not matter. Only licences that packages actually use are compared:
 * near-identical variants (BSD-2 vs BSD-3) are told apart by the score, and a short list keeps it fast.
 */
const CANDIDATES = [
  '0BSD',
  'AGPL-3.0-only',
  'Apache-1.1',
  'Apache-2.0',
  'Artistic-2.0',
  'BlueOak-1.0.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'BSD-4-Clause',
  'BSL-1.0',
  'CC0-1.0',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'CDDL-1.0',
  'EPL-1.0',
  'EPL-2.0',
  'EUPL-1.2',
  'GPL-2.0-only',
  'GPL-3.0-only',
  'ISC',
  'LGPL-2.1-only',
  'LGPL-3.0-only',
  'MIT',
  'MIT-0',
  'MPL-1.1',
  'MPL-2.0',
  'MS-PL',
  'PostgreSQL',
  'PSF-2.0',
  'Python-2.0',
  'SSPL-1.0',
  'Unlicense',
  'UPL-1.0',
  'WTFPL',
  'Zlib',
  'BUSL-1.1',
  'Elastic-2.0',
  'OFL-1.1',
  'BSD-2-Clause-Patent',
  'ZPL-2.1',
];

/** Below this Dice score the text is not called anything: a wrong name is worse than "unknown". */
const MIN_SCORE = 0.8;
/** A reference this fully contained in a longer file (several licences in one file) counts as present. */
const MIN_CONTAINMENT = 0.92;

const require = createRequire(import.meta.url);

/** Reference texts that name their own author where real files say "the author" (ISC's template). */
const REFERENCE_FIXES: Record<string, [RegExp, string][]> = {
  ISC: [[/\bISC (DISCLAIMS|BE)\b/g, 'THE AUTHOR $1']],
};

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split('\n')
    .filter((line) => !/^\s*(copyright|\(c\)|©)/.test(line) || /\bnotice\b/.test(line))
    .join(' ')
    .replace(/<[^>]{1,40}>|\[[^\]]{1,40}\]/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((word) => word.length > 0);
}

function shingles(text: string): Set<string> {
  const list = words(text);
  const set = new Set<string>();
  for (let i = 0; i + 3 <= list.length; i++) set.add(`${list[i]} ${list[i + 1]} ${list[i + 2]}`);
  return set;
}

/** spdx-license-list's `licenses/<id>.json`: only the text is read. */
const referenceSchema = z.looseObject({ licenseText: z.string().optional() });

let references: { id: string; shingles: Set<string> }[] | undefined;

function loadReferences(): { id: string; shingles: Set<string> }[] {
  if (references) return references;
  const folder = join(dirname(require.resolve('spdx-license-list/package.json')), 'licenses');
  references = [];
  for (const id of CANDIDATES) {
    try {
      const file = join(folder, `${id}.json`);
      const data = parseExternalJson({
        text: readFileSync(file, 'utf8'),
        schema: referenceSchema,
        source: file,
      });
      let text = data.licenseText;
      if (!text) continue;
      for (const [pattern, replacement] of REFERENCE_FIXES[id] ?? [])
        text = text.replace(pattern, replacement);
      references.push({ id, shingles: shingles(text) });
    } catch {
      // a licence missing from this version of the list is simply not a candidate
    }
  }
  return references;
}

export interface IdentifiedText {
  /** an SPDX expression (several licences found in one file are joined with AND) */
  expression: string;
  score: number;
}

/** The licence a text contains, or undefined when it resembles none closely enough. */
export function identifyLicenceText(text: string): IdentifiedText | undefined {
  const own = shingles(text);
  if (own.size < 5) return undefined;
  let best: { id: string; score: number } | undefined;
  const contained: { id: string; size: number }[] = [];
  for (const reference of loadReferences()) {
    let shared = 0;
    for (const shingle of reference.shingles) if (own.has(shingle)) shared++;
    const dice = (2 * shared) / (own.size + reference.shingles.size);
    if (!best || dice > best.score) best = { id: reference.id, score: dice };
    if (shared / reference.shingles.size >= MIN_CONTAINMENT)
      contained.push({ id: reference.id, size: reference.shingles.size });
  }
  if (best && best.score >= MIN_SCORE) return { expression: best.id, score: Number(best.score.toFixed(3)) };
  // Several texts in one file: keep the ones not themselves contained in a longer one found (MIT-0 in MIT).
  const distinct = contained.filter(
    (entry) => !contained.some((other) => other !== entry && other.size > entry.size && entry.size < 40),
  );
  if (distinct.length > 0) {
    return { expression: distinct.map((entry) => entry.id).join(' AND '), score: MIN_CONTAINMENT };
  }
  return undefined;
}
