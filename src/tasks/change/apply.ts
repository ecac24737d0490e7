import { prepareSourceWrite, writeSources } from '../../workspace/write-source.js';
import { outsideSourceFolders } from '../answer-edits/source-folders.js';
import type { TaskResultOf } from '../result-schema.js';
import { hashContent } from '../test/target.js';

/** Why a change was not written, and whether asking again (the files changed meanwhile) is the way out. */
export interface ChangeRefusal {
  reason: string;
  /** a target changed since the change was computed against it: only running the change again helps */
  changed: boolean;
}

/**
 * Writes a change's files, the one way every face does it (`vouch change --apply`, the server's
 * `POST /v1/changes/{id}/apply`): every file or none, only when it was verified (or, with
 * `writeUnverified`, an unverified one; a change that failed is never written), only inside the
 * workspace's source folders, and only when every file still holds what the change was computed against.
 * Each file keeps its encoding, byte-order mark and line endings (the one writer,
 * workspace/write-source.ts). The writes are synchronous one after another: an interrupt flagged meanwhile
 * lands after the last one, never between two. Sets `details.applied` when it wrote; returns why it
 * refused, or undefined when it wrote.
 */
export function applyChange(
  root: string,
  output: TaskResultOf<'change'>,
  options: { writeUnverified: boolean; signal?: AbortSignal },
): ChangeRefusal | undefined {
  const { details } = output;
  const status = output.verification.status;
  const refuse = (reason: string, changed = false): ChangeRefusal => ({ reason, changed });
  if (output.edits.length === 0 || !details.after)
    return refuse(
      status === 'fail' ? 'not applied: the change failed its checks' : 'not applied: there is no change',
    );
  if (status !== 'pass' && !(status === 'unverified' && options.writeUnverified))
    return refuse(
      `not applied: the change was not verified (${output.verification.reasons.join('; ')}); add --write-unverified to write it anyway`,
    );
  // a block (a denied licence, a regression…) is never written, not even with --write-unverified
  if (output.verification.blocked)
    return refuse(`not applied: the change is blocked (${output.verification.reasons.join('; ')})`);
  if (options.signal?.aborted) return refuse('not applied: cancelled');
  for (const edit of output.edits) {
    const refused = outsideSourceFolders(edit.path) ?? newDotFile(edit.path, edit.baseHash);
    if (refused) return refuse(`not applied: ${refused}`);
  }
  const after = details.after;
  const writes = output.edits.map((edit) =>
    prepareSourceWrite({
      root,
      path: edit.path,
      text: after[edit.path]!,
      isCurrent: (now) => (edit.baseHash === '' ? now === '' : hashContent(now) === edit.baseHash),
    }),
  );
  const refused = writeSources(writes, { createFolders: true });
  if (refused)
    return refuse(
      `not applied: ${refused.reason}${refused.why === 'changed' ? ' — run vouch change again' : ''}`,
      refused.why === 'changed',
    );
  details.applied = output.edits.map((edit) => edit.path);
  return undefined;
}

/**
 * A new file whose name starts with a dot: tooling configuration (`.eslintrc.cjs`, `.mocharc.cjs`,
 * `.pre-commit-config.yaml`) that runs on the engineer's machine the next time they run the tool, outside
 * any sandbox. A change edits sources; it never creates one of these.
 */
function newDotFile(path: string, baseHash: string): string | undefined {
  const name = path.replace(/\\/g, '/').split('/').at(-1) ?? '';
  if (baseHash !== '' || !name.startsWith('.')) return undefined;
  return `the change creates ${path}, a dot-file (tool configuration that runs outside the sandbox): refused; create it yourself if you want it`;
}
