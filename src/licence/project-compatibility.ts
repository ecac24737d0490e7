import { categoryOfLeaf } from './categories.js';
import { isLeaf, parseSpdx, type SpdxLeaf, type SpdxNode } from './spdx.js';

/**
 * Which copyleft licences a project under a given copyleft licence may take in. This is the usual FSF
 * reading: GPL-2.0-only and GPL-3.0 cannot be combined; "or later" bridges them; AGPL-3.0 and GPL-3.0 may be
 * combined (section 13 of each) but only an AGPL project takes on AGPL's network obligation without a
 * change in its own terms; weak copyleft (LGPL, MPL-2.0, EPL-2.0 with its secondary licence) fits any GPL.
 */
const ACCEPTS: Record<string, string[]> = {
  'GPL-2.0-only': ['GPL-2.0-only', 'GPL-2.0-or-later'],
  'GPL-2.0-or-later': ['GPL-2.0-only', 'GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later'],
  'GPL-3.0-only': ['GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later'],
  'GPL-3.0-or-later': ['GPL-2.0-or-later', 'GPL-3.0-only', 'GPL-3.0-or-later'],
  'AGPL-3.0-only': [
    'GPL-2.0-or-later',
    'GPL-3.0-only',
    'GPL-3.0-or-later',
    'AGPL-3.0-only',
    'AGPL-3.0-or-later',
  ],
  'AGPL-3.0-or-later': [
    'GPL-2.0-or-later',
    'GPL-3.0-only',
    'GPL-3.0-or-later',
    'AGPL-3.0-only',
    'AGPL-3.0-or-later',
  ],
};

function leaves(node: SpdxNode): SpdxLeaf[] {
  return isLeaf(node) ? [node] : [...leaves(node.left), ...leaves(node.right)];
}

function plusSpelling(leaf: SpdxLeaf): string {
  return leaf.plus ? `${leaf.license.replace(/-only$/, '')}-or-later` : leaf.license;
}

/** Whether a project licensed under `project` may use a dependency under `dependency` on copyleft grounds. */
export function projectAccepts(project: string, dependency: SpdxLeaf): boolean {
  let projectLeaves: SpdxLeaf[];
  try {
    projectLeaves = leaves(parseSpdx(project));
  } catch {
    return false;
  }
  const dependencyId = plusSpelling(dependency);
  const dependencyCategory = categoryOfLeaf(dependency);
  for (const own of projectLeaves) {
    const ownCategory = categoryOfLeaf(own);
    if (ownCategory !== 'strong-copyleft' && ownCategory !== 'network-copyleft') continue;
    if (dependencyCategory === 'weak-copyleft') return true;
    const ownId = plusSpelling(own);
    if (ownId === dependencyId) return true;
    if (ACCEPTS[ownId]?.includes(dependencyId)) return true;
  }
  return false;
}
