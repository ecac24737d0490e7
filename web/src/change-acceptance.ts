import type { TaskResult } from './types.js';

type Verification = TaskResult['verification'];

/**
 * What a `change`'s answer offers to write, from what the task delivered and what the server allows. A
 * change that failed, or has nothing to write, offers no Accept. A server that writes no change into its
 * workspace (`apply_changes` false in `GET /v1/health`, the team's `[server] apply_changes`) shows Accept
 * disabled with the reason, so nobody clicks into a 403. Until the server has said, Accept waits.
 * Otherwise Accept is primary on a verified change and an outlined "Accept anyway" with `warning` (the
 * reason it was not verified) on one that was not.
 */
export type ChangeAcceptance =
  | { offer: 'nothing'; note: string }
  | { offer: 'disabled'; reason: string }
  | { offer: 'waiting' }
  | { offer: 'accept'; warning?: string };

export const WRITING_OFF =
  "This server does not write changes into its workspace ([server] apply_changes is off), so Accept is disabled: an administrator can set apply_changes = true under [server] in the server account's config.toml (or in the served workspace's vouch.toml once trusted with vouch trust); meanwhile apply the diff in your own checkout.";

export function changeAcceptance(options: {
  verification: Pick<Verification, 'status' | 'reasons'>;
  proposalId: string | null;
  /** `apply_changes` from `GET /v1/health`; undefined while it is not known yet */
  applyChanges: boolean | undefined;
  /** why the change needs a second thought (acceptWarning), undefined when every check passed */
  warning: string | undefined;
}): ChangeAcceptance {
  const { verification, proposalId, applyChanges, warning } = options;
  if (verification.status === 'fail')
    return {
      offer: 'nothing',
      note: `Nothing to accept: the change was blocked (${verification.reasons.join('; ') || 'it failed its checks'}). No file was written.`,
    };
  // such a server keeps no change for an Accept (its answer's proposal_id is null): say why
  if (applyChanges === false) return { offer: 'disabled', reason: WRITING_OFF };
  if (!proposalId) return { offer: 'nothing', note: 'Nothing to accept: there is no change to write.' };
  if (applyChanges === undefined) return { offer: 'waiting' };
  return warning ? { offer: 'accept', warning } : { offer: 'accept' };
}
