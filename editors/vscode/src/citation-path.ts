import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** Where a citation leads: a file inside the workspace folder, or why it is refused. */
export type CitationTarget = { file: string } | { refused: string };

function inside(root: string, path: string): boolean {
  const rest = relative(root, path);
  return rest === '' || (!rest.startsWith(`..${sep}`) && rest !== '..' && !isAbsolute(rest));
}

/**
 * The file a citation names, resolved the way the LSP's and the CLI's resolver does: a path the model
 * wrote is relative to the workspace folder, and it, and what its links point to, stay inside it. An
 * absolute path, `..` out of the folder, or a link that leads out is refused with the reason (the
 * editor would otherwise open any file of the machine the model named).
 */
export function resolveCitation(root: string, cited: string): CitationTarget {
  if (!cited || cited.includes('\0')) return { refused: 'the citation names no file' };
  if (isAbsolute(cited) || /^[A-Za-z]:[\\/]/.test(cited) || cited.startsWith('\\'))
    return { refused: `${cited} is an absolute path; citations name files of the workspace` };
  const joined = join(root, cited);
  if (!inside(root, joined)) return { refused: `${cited} is outside the workspace folder` };
  let realRoot: string;
  let real: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(joined);
  } catch {
    return { refused: `${cited} does not exist in the workspace` };
  }
  if (!inside(realRoot, real)) return { refused: `${cited} leads outside the workspace folder (a link)` };
  return { file: real };
}
