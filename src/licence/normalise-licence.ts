import { correctSpdx, isDeprecatedLicenceId, isLeaf, parseSpdx, type SpdxNode, writeSpdx } from './spdx.js';

/** What a licence field said, normalised to an SPDX expression when that is possible. */
export interface NormalisedLicence {
  /** a valid SPDX expression, or undefined when the text could not be understood */
  expression?: string;
  /** set for `SEE LICENSE IN <file>`: the file to read instead */
  seeFile?: string;
  /** what was wrong with the field, for the report */
  problem?: string;
}

/** npm's word for "not licensed for use by others" (npm docs, package.json `license`). */
const UNLICENSED = 'LicenseRef-UNLICENSED';

/** Deprecated ids whose modern spelling is not a plain suffix (`GPL-2.0-with-classpath-exception`). */
const DEPRECATED_WITH: Record<string, string> = {
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'GPL-2.0-with-GCC-exception': 'GPL-2.0-only WITH GCC-exception-2.0',
  'GPL-2.0-with-autoconf-exception': 'GPL-2.0-only WITH Autoconf-exception-2.0',
  'GPL-2.0-with-bison-exception': 'GPL-2.0-only WITH Bison-exception-2.2',
  'GPL-2.0-with-font-exception': 'GPL-2.0-only WITH Font-exception-2.0',
  'GPL-3.0-with-GCC-exception': 'GPL-3.0-only WITH GCC-exception-3.1',
  'GPL-3.0-with-autoconf-exception': 'GPL-3.0-only WITH Autoconf-exception-3.0',
};

/**
 * `GPL-2.0` (deprecated) means GPL-2.0-only and `GPL-2.0+` GPL-2.0-or-later, per the SPDX list; spdx-correct's
 * own upgrade maps `GPL-3.0` to `-or-later`, which would under-state the obligation, so this is done here.
 */
function modernise(node: SpdxNode): SpdxNode {
  if (!isLeaf(node)) return { ...node, left: modernise(node.left), right: modernise(node.right) };
  const replacement = DEPRECATED_WITH[node.license];
  if (replacement) return parseSpdx(replacement);
  if (/^(A|L)?GPL-\d\.\d$|^GFDL-\d\.\d$/.test(node.license) && isDeprecatedLicenceId(node.license)) {
    const suffix = node.plus ? '-or-later' : '-only';
    return { license: `${node.license}${suffix}`, ...(node.exception ? { exception: node.exception } : {}) };
  }
  return node;
}

function tryParse(text: string): string | undefined {
  try {
    return writeSpdx(modernise(parseSpdx(text)));
  } catch {
    return undefined;
  }
}

function tryCorrect(text: string): string | undefined {
  const corrected = correctSpdx(text, { upgrade: false });
  return corrected ? tryParse(corrected) : undefined;
}

/** "MIT/X11", "MIT or Apache 2", "BSD, GPL": each part corrected on its own. */
function tryParts(text: string): string | undefined {
  for (const [separator, conjunction] of [
    [/\s+or\s+|\s*\/\s*|\s*\|\s*/i, 'OR'],
    [/\s+and\s+|\s*,\s*|\s*&\s*/i, 'AND'],
  ] as const) {
    const parts = text.split(separator).filter((part) => part.trim().length > 0);
    if (parts.length < 2) continue;
    const normalised = parts.map((part) => tryParse(part.trim()) ?? tryCorrect(part.trim()));
    if (normalised.every((part): part is string => part !== undefined)) {
      return tryParse(normalised.map((part) => `(${part})`).join(` ${conjunction} `));
    }
  }
  return undefined;
}

/**
 * A field that must already be SPDX (PEP 639 `License-Expression`, a policy entry): parsed strictly, never
 * corrected, so a typo is reported rather than guessed at.
 */
export function parseStrictLicence(raw: string): NormalisedLicence {
  const expression = tryParse(raw.trim());
  return expression
    ? { expression }
    : { problem: `"${raw.trim().slice(0, 80)}" is not a valid SPDX expression` };
}

/** A licence string as found in a manifest, normalised to SPDX. */
export function normaliseLicenceText(raw: string): NormalisedLicence {
  const text = raw.trim();
  if (text.length === 0) return { problem: 'the licence field is empty' };
  if (/^UNLICEN[SC]ED$/i.test(text)) return { expression: UNLICENSED };
  const see = /^SEE LICEN[SC]E IN\s+(.+)$/i.exec(text);
  if (see) return { seeFile: see[1]!.trim() };
  // parts before the whole: spdx-correct finds one licence in "MIT/GPL-2.0" and drops the other
  const expression = tryParse(text) ?? tryParts(text) ?? tryCorrect(text);
  if (expression) return { expression };
  return {
    problem: `the licence "${text.length > 80 ? `${text.slice(0, 77)}…` : text}" is not an SPDX expression and could not be corrected to one`,
  };
}

/**
 * A package.json `license` / `licenses` value in any of the forms npm has accepted over the years: a string,
 * `{type, url}`, or an array of either (an array lists alternatives, so it becomes an OR).
 */
export function normaliseLicenceField(value: unknown): NormalisedLicence {
  if (value === undefined || value === null) return { problem: 'no licence field' };
  if (typeof value === 'string') return normaliseLicenceText(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return { problem: 'the licences array is empty' };
    const parts = value.map(normaliseLicenceField);
    const failed = parts.find((part) => !part.expression);
    if (failed) return { problem: failed.problem ?? 'an entry of the licences array has no licence' };
    const joined = parts.map((part) => `(${part.expression})`).join(' OR ');
    return tryParse(joined) ? { expression: tryParse(joined)! } : { problem: `cannot combine ${joined}` };
  }
  if (typeof value === 'object') {
    const type = (value as { type?: unknown }).type;
    if (typeof type === 'string') return normaliseLicenceText(type);
    return {
      problem: `the licence field is an object without a "type" string: ${JSON.stringify(value).slice(0, 80)}`,
    };
  }
  return { problem: `the licence field has the wrong type (${typeof value}): ${String(value).slice(0, 40)}` };
}
