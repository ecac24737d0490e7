/**
 * Trove classifiers (`License :: …`) that name one licence, mapped to SPDX. Classifiers that name a family
 * only (`License :: OSI Approved :: BSD License`, `GNU General Public License (GPL)`) map to the most
 * common member and are marked approximate, so the report can say the version was guessed.
 */
const CLASSIFIERS: Record<string, string> = {
  'MIT License': 'MIT',
  'MIT No Attribution License (MIT-0)': 'MIT-0',
  'Apache Software License': 'Apache-2.0',
  'BSD License': 'BSD-3-Clause',
  'ISC License (ISCL)': 'ISC',
  'Python Software Foundation License': 'PSF-2.0',
  'Mozilla Public License 2.0 (MPL 2.0)': 'MPL-2.0',
  'Mozilla Public License 1.1 (MPL 1.1)': 'MPL-1.1',
  'GNU General Public License (GPL)': 'GPL-2.0-or-later',
  'GNU General Public License v2 (GPLv2)': 'GPL-2.0-only',
  'GNU General Public License v2 or later (GPLv2+)': 'GPL-2.0-or-later',
  'GNU General Public License v3 (GPLv3)': 'GPL-3.0-only',
  'GNU General Public License v3 or later (GPLv3+)': 'GPL-3.0-or-later',
  'GNU Lesser General Public License v2 (LGPLv2)': 'LGPL-2.0-only',
  'GNU Lesser General Public License v2 or later (LGPLv2+)': 'LGPL-2.0-or-later',
  'GNU Lesser General Public License v3 (LGPLv3)': 'LGPL-3.0-only',
  'GNU Lesser General Public License v3 or later (LGPLv3+)': 'LGPL-3.0-or-later',
  'GNU Library or Lesser General Public License (LGPL)': 'LGPL-2.1-or-later',
  'GNU Affero General Public License v3': 'AGPL-3.0-only',
  'GNU Affero General Public License v3 or later (AGPLv3+)': 'AGPL-3.0-or-later',
  'Eclipse Public License 1.0 (EPL-1.0)': 'EPL-1.0',
  'Eclipse Public License 2.0 (EPL-2.0)': 'EPL-2.0',
  'European Union Public Licence 1.2 (EUPL 1.2)': 'EUPL-1.2',
  'The Unlicense (Unlicense)': 'Unlicense',
  'Zope Public License': 'ZPL-2.1',
  'zlib/libpng License': 'Zlib',
  'Boost Software License 1.0 (BSL-1.0)': 'BSL-1.0',
  'Academic Free License (AFL)': 'AFL-3.0',
  'Artistic License': 'Artistic-2.0',
  'Universal Permissive License (UPL)': 'UPL-1.0',
  'Server Side Public License (SSPL)': 'SSPL-1.0',
  'CC0 1.0 Universal (CC0 1.0) Public Domain Dedication': 'CC0-1.0',
  'Public Domain': 'LicenseRef-Public-Domain',
};

const FAMILY_ONLY = new Set([
  'BSD License',
  'GNU General Public License (GPL)',
  'GNU Library or Lesser General Public License (LGPL)',
  'Academic Free License (AFL)',
  'Apache Software License',
  'Artistic License',
]);

export interface ClassifierLicence {
  id: string;
  /** the classifier names a family, not a version */
  approximate: boolean;
}

/** `License :: OSI Approved :: MIT License` → MIT; undefined for classifiers that name no licence. */
export function licenceFromClassifier(classifier: string): ClassifierLicence | undefined {
  const parts = classifier.split('::').map((part) => part.trim());
  if (parts[0] !== 'License') return undefined;
  const name = parts[parts.length - 1]!;
  const id = CLASSIFIERS[name];
  if (!id) return undefined;
  return { id, approximate: FAMILY_ONLY.has(name) };
}
