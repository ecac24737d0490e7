import type { SpdxLeaf } from './spdx.js';

/**
 * Licence categories, from the least to the most obligation a dependency puts on the product using it.
 * The table follows the Blue Oak Council's copyleft families: network copyleft extends the obligation to
 * users over a network (AGPL, SSPL, OSL, EUPL-1.2); strong copyleft to the whole combined work (GPL);
 * weak copyleft to the licensed files or library (LGPL, MPL, EPL). `proprietary` covers source-available
 * and non-commercial terms (BUSL, Elastic, PolyForm, CC-*-NC) and npm's `UNLICENSED`.
 */
export const CATEGORIES = [
  'permissive',
  'weak-copyleft',
  'strong-copyleft',
  'network-copyleft',
  'proprietary',
  'unknown',
] as const;

export type LicenceCategory = (typeof CATEGORIES)[number];

export function isCategory(value: string): value is LicenceCategory {
  return (CATEGORIES as readonly string[]).includes(value);
}

const PERMISSIVE = [
  '0BSD',
  'AFL-1.1',
  'AFL-1.2',
  'AFL-2.0',
  'AFL-2.1',
  'AFL-3.0',
  'Apache-1.0',
  'Apache-1.1',
  'Apache-2.0',
  'Artistic-2.0',
  'BlueOak-1.0.0',
  'BSD-1-Clause',
  'BSD-2-Clause',
  'BSD-2-Clause-Patent',
  'BSD-3-Clause',
  'BSD-3-Clause-Clear',
  'BSD-3-Clause-LBNL',
  'BSD-4-Clause',
  'BSL-1.0',
  'bzip2-1.0.6',
  'CC-BY-1.0',
  'CC-BY-2.0',
  'CC-BY-2.5',
  'CC-BY-3.0',
  'CC-BY-4.0',
  'CC0-1.0',
  'curl',
  'ECL-2.0',
  'EFL-2.0',
  'FSFAP',
  'FTL',
  'HPND',
  'ICU',
  'IJG',
  'Info-ZIP',
  'ISC',
  'JSON',
  'Libpng',
  'libpng-2.0',
  'MIT',
  'MIT-0',
  'MIT-CMU',
  'MIT-Modern-Variant',
  'MulanPSL-2.0',
  'MS-PL',
  'NCSA',
  'OpenSSL',
  'OFL-1.1',
  'PHP-3.0',
  'PHP-3.01',
  'PostgreSQL',
  'PSF-2.0',
  'Python-2.0',
  'Python-2.0.1',
  'Ruby',
  'SSLeay-standalone',
  'Unicode-3.0',
  'Unicode-DFS-2015',
  'Unicode-DFS-2016',
  'Unlicense',
  'UPL-1.0',
  'W3C',
  'W3C-20150513',
  'WTFPL',
  'X11',
  'Xnet',
  'Zlib',
  'zlib-acknowledgement',
  'ZPL-2.0',
  'ZPL-2.1',
  'CNRI-Python',
  'blessing',
  'BSD-Source-Code',
  'Beerware',
  'CC-PDDC',
  'PDDL-1.0',
  'ODC-By-1.0',
  'Python-2.0.1',
  'TCL',
  'NTP',
  'Vim',
  'X11-distribute-modifications-variant',
  'LicenseRef-Public-Domain',
];

const WEAK_COPYLEFT = [
  'LGPL-2.0-only',
  'LGPL-2.0-or-later',
  'LGPL-2.1-only',
  'LGPL-2.1-or-later',
  'LGPL-3.0-only',
  'LGPL-3.0-or-later',
  'LGPLLR',
  'MPL-1.0',
  'MPL-1.1',
  'MPL-2.0',
  'MPL-2.0-no-copyleft-exception',
  'EPL-1.0',
  'EPL-2.0',
  'CDDL-1.0',
  'CDDL-1.1',
  'CPL-1.0',
  'IPL-1.0',
  'MS-RL',
  'APSL-2.0',
  'Artistic-1.0',
  'Artistic-1.0-Perl',
  'CECILL-C',
  'CeCILL-C',
  'ErlPL-1.1',
  'NPL-1.1',
  'SPL-1.0',
  'LGPL-2.0',
  'LGPL-2.1',
  'LGPL-3.0',
  'ODbL-1.0',
  'OFL-1.0',
  'CC-BY-SA-1.0',
  'CC-BY-SA-2.0',
  'CC-BY-SA-2.5',
  'CC-BY-SA-3.0',
  'CC-BY-SA-4.0',
  'GFDL-1.1-only',
  'GFDL-1.2-only',
  'GFDL-1.3-only',
  'GFDL-1.1-or-later',
  'GFDL-1.2-or-later',
  'GFDL-1.3-or-later',
];

const STRONG_COPYLEFT = [
  'GPL-1.0-only',
  'GPL-1.0-or-later',
  'GPL-2.0-only',
  'GPL-2.0-or-later',
  'GPL-3.0-only',
  'GPL-3.0-or-later',
  'GPL-1.0',
  'GPL-2.0',
  'GPL-3.0',
  'Sleepycat',
  'EUPL-1.0',
  'EUPL-1.1',
  'CECILL-2.0',
  'CECILL-2.1',
  'QPL-1.0',
  'IPA',
  'OSL-1.0',
  'OSL-1.1',
  'OSL-2.0',
  'OSL-2.1',
  'CPOL-1.02',
  'GPL-2.0-with-classpath-exception',
];

const NETWORK_COPYLEFT = [
  'AGPL-1.0',
  'AGPL-1.0-only',
  'AGPL-1.0-or-later',
  'AGPL-3.0',
  'AGPL-3.0-only',
  'AGPL-3.0-or-later',
  'SSPL-1.0',
  'OSL-3.0',
  'EUPL-1.2',
  'RPL-1.1',
  'RPL-1.5',
  'CPAL-1.0',
  'Parity-7.0.0',
  'RPSL-1.0',
];

const PROPRIETARY = [
  'BUSL-1.1',
  'Elastic-2.0',
  'PolyForm-Noncommercial-1.0.0',
  'PolyForm-Small-Business-1.0.0',
  'CC-BY-NC-1.0',
  'CC-BY-NC-2.0',
  'CC-BY-NC-2.5',
  'CC-BY-NC-3.0',
  'CC-BY-NC-4.0',
  'CC-BY-NC-SA-4.0',
  'CC-BY-NC-ND-4.0',
  'CC-BY-ND-4.0',
  'Commons-Clause',
  'LicenseRef-Proprietary',
  'LicenseRef-UNLICENSED',
];

const TABLE = new Map<string, LicenceCategory>();
for (const [ids, category] of [
  [PERMISSIVE, 'permissive'],
  [WEAK_COPYLEFT, 'weak-copyleft'],
  [STRONG_COPYLEFT, 'strong-copyleft'],
  [NETWORK_COPYLEFT, 'network-copyleft'],
  [PROPRIETARY, 'proprietary'],
] as const) {
  for (const id of ids) TABLE.set(id.toLowerCase(), category);
}

/** Families not listed one by one, recognised by the shape of the id. */
const PATTERNS: [RegExp, LicenceCategory][] = [
  [/^AGPL-/i, 'network-copyleft'],
  [/^LGPL-/i, 'weak-copyleft'],
  [/^GPL-/i, 'strong-copyleft'],
  [/^CC-BY-(NC|ND)/i, 'proprietary'],
  [/^CC-BY-SA-/i, 'weak-copyleft'],
  [/^PolyForm-/i, 'proprietary'],
  [/^(BSD|MIT)-/i, 'permissive'],
  [/^CC-BY-\d/i, 'permissive'],
];

/**
 * Exceptions that lift the copyleft from code merely linked against the library (GCC's runtime, the
 * Classpath exception): the licence then binds like a weak copyleft one. LLVM's exception is permissive.
 */
const LINKING_EXCEPTIONS = new Set(
  [
    'Classpath-exception-2.0',
    'GCC-exception-2.0',
    'GCC-exception-3.1',
    'LGPL-3.0-linking-exception',
    'Linux-syscall-note',
    'Autoconf-exception-2.0',
    'Autoconf-exception-3.0',
    'Bison-exception-2.2',
    'Font-exception-2.0',
    'OCaml-LGPL-linking-exception',
    'Universal-FOSS-exception-1.0',
    'WxWindows-exception-3.1',
    'LLVM-exception',
    'openvpn-openssl-exception',
    'Qt-LGPL-exception-1.1',
    'FLTK-exception',
    'eCos-exception-2.0',
  ].map((id) => id.toLowerCase()),
);

export function categoryOfId(id: string): LicenceCategory {
  const known = TABLE.get(id.toLowerCase());
  if (known) return known;
  if (/^LicenseRef-.*(proprietary|commercial|unlicensed)/i.test(id)) return 'proprietary';
  for (const [pattern, category] of PATTERNS) if (pattern.test(id)) return category;
  return 'unknown';
}

/** The category of one licence, with its exception taken into account. */
export function categoryOfLeaf(leaf: SpdxLeaf): LicenceCategory {
  const base = categoryOfId(leaf.license);
  if (!leaf.exception || !LINKING_EXCEPTIONS.has(leaf.exception.toLowerCase())) return base;
  if (base === 'strong-copyleft' || base === 'network-copyleft') return 'weak-copyleft';
  return base;
}

const RANK: Record<LicenceCategory, number> = {
  permissive: 0,
  'weak-copyleft': 1,
  'strong-copyleft': 2,
  'network-copyleft': 3,
  proprietary: 4,
  unknown: 5,
};

/** The more demanding of two categories (used for AND, where every obligation applies). */
export function stricterCategory(a: LicenceCategory, b: LicenceCategory): LicenceCategory {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The less demanding of two categories (used for OR, where the user picks a branch). */
export function laxerCategory(a: LicenceCategory, b: LicenceCategory): LicenceCategory {
  return RANK[a] <= RANK[b] ? a : b;
}
