import { z } from 'zod';
import type { ChangeProposalStore } from '../../store/record/change-proposal-store.js';
import { applyChange, type TaskResultOf } from '../../tasks/index.js';
import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import type { ServerSettings } from '../settings.js';

/**
 * `vouch change` on the server (issue 61): the change's result stays on the server, with the user who
 * asked, under an id the answer names (`proposal_id`); the client's Accept names that id, never the text,
 * so only what the task produced and verified can be written, and only by who asked for it. Writing into
 * the team's workspace at all is the team's grant, `[server] apply_changes = true` (off by default): a
 * `tasks` token runs tasks, it does not by itself change the files everyone is served from.
 */

/** How many changes the server keeps waiting for an Accept, and for how long: after that, ask again. */
const MAX_PROPOSALS = 200;
/** one user's kept changes: a user asking for many evicts their own oldest, never another user's */
const MAX_PROPOSALS_PER_USER = 20;
const PROPOSAL_TTL_MS = 60 * 60 * 1000;
/**
 * How long a claim holds a change: an Accept that claimed it and then stopped (its server died mid-write)
 * leaves it `applying`; after this, another Accept takes it over. Writing takes well under a second.
 */
const CLAIM_LEASE_MS = 60 * 1000;

interface Proposal {
  userId: string;
  result: TaskResultOf<'change'>;
}

/**
 * The changes waiting for an Accept, kept in the server's store (SQLite or PostgreSQL): an Accept finds
 * its change after a restart and on any server process sharing the database.
 */
export class ChangeProposals {
  private readonly now: () => number;
  private readonly keep: boolean;

  /**
   * `keep: false` on a server that writes no change (`[server] apply_changes` off): a kept change could
   * not be applied there, so none is kept.
   */
  constructor(
    private readonly store: ChangeProposalStore,
    options: { now?: () => number; keep?: boolean } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.keep = options.keep ?? true;
  }

  private notBefore(): string {
    return new Date(this.now() - PROPOSAL_TTL_MS).toISOString();
  }

  /** Keeps a delivered change (one with edits) for its user; a change with nothing to write gets no id. */
  async add(userId: string, result: TaskResultOf<'change'>): Promise<string | null> {
    if (!this.keep || result.edits.length === 0 || !result.details.after) return null;
    return this.store.keepChangeProposal({
      userId,
      result,
      at: new Date(this.now()).toISOString(),
      perUser: MAX_PROPOSALS_PER_USER,
      total: MAX_PROPOSALS,
      notBefore: this.notBefore(),
    });
  }

  /** The user's own change: another user's id is "not found", as every per-user read of the server. */
  async find(userId: string, id: string): Promise<Proposal | undefined> {
    const kept = await this.store.findChangeProposal(id, userId, this.notBefore());
    if (kept === undefined) return undefined;
    // kept by add() above from the task's own result (its schema checked it on the way out), in the
    // server's private store
    return { userId, result: kept as TaskResultOf<'change'> };
  }

  /**
   * Takes the user's change for writing, in the store, so that of two requests (on any server process
   * sharing the database) applying the same change exactly one writes it: the other gets `taken`.
   */
  async claim(userId: string, id: string): Promise<ProposalClaim | undefined> {
    const claim = await this.store.claimChangeProposal({
      id,
      userId,
      notBefore: this.notBefore(),
      at: new Date(this.now()).toISOString(),
      staleBefore: new Date(this.now() - CLAIM_LEASE_MS).toISOString(),
    });
    if (claim === undefined) return undefined;
    if (!claim.claimed) return { taken: { state: claim.state, since: claim.since } };
    return { proposal: { userId, result: claim.result as TaskResultOf<'change'> } };
  }

  /** the claimed change was written: kept as applied, so a later Accept is told when */
  async applied(id: string): Promise<void> {
    await this.store.markChangeProposalApplied(id, new Date(this.now()).toISOString());
  }

  /** the claimed change was not written and may be asked for again (with `write_unverified`, say) */
  async release(id: string): Promise<void> {
    await this.store.releaseChangeProposal(id);
  }

  async forget(id: string): Promise<void> {
    await this.store.forgetChangeProposal(id);
  }
}

type ProposalClaim =
  | { proposal: Proposal; taken?: undefined }
  | { taken: { state: 'applying' | 'applied'; since: string }; proposal?: undefined };

/** The answer to an Accept of a change another request holds or already wrote: nothing is written. */
function alreadyTaken(id: string, taken: { state: 'applying' | 'applied'; since: string }): HttpError {
  const since = taken.since ? ` at ${taken.since}` : '';
  if (taken.state === 'applying')
    return new HttpError({
      status: 409,
      code: 'change_being_applied',
      message: `the change ${JSON.stringify(id)} is being applied by another Accept of yours (${taken.since ? `since ${taken.since}` : 'now'}): nothing was written by this one`,
      hint: 'try again in a moment: it is either applied by then (and this is said) or waiting again',
    });
  return new HttpError({
    status: 409,
    code: 'change_already_applied',
    message: `the change ${JSON.stringify(id)} was already applied${since} (by another Accept of yours): nothing was written this time`,
    hint: 'look at the files in the workspace; to change them again, run the change again',
  });
}

export const applyChangeRequest = z.strictObject({
  write_unverified: z.boolean().optional().meta({
    description:
      'write a change that could not be verified too (never one that failed), as `vouch change --apply --write-unverified`',
  }),
});

export const applyChangeResponse = z.strictObject({
  applied: z.array(z.string()).meta({ description: 'the files written, every file of the change' }),
});

/** Why the server writes no change, for whoever asks: what is off, and who can turn it on where. */
export function applyChangesOff(): HttpError {
  return new HttpError({
    status: 403,
    code: 'apply_changes_off',
    message:
      'this server does not write changes into its workspace: [server] apply_changes is off (the default), so Accept cannot write',
    hint: "an administrator can allow it with `apply_changes = true` under [server] in the server account's own config (~/.config/vouch/config.toml) or in the served workspace's vouch.toml once that workspace is trusted (`vouch trust`: an untrusted workspace's [server] table is ignored), then restart `vouch serve`; meanwhile apply the change's diff in your own checkout (`vouch change --apply` there)",
  });
}

export interface ChangeRoutesOptions {
  proposals: ChangeProposals;
  /** the served workspace, where an applied change is written */
  root: string;
  settings: Pick<ServerSettings, 'applyChanges'>;
}

export function registerChangeRoutes(
  context: RouteContext,
  { proposals, root, settings }: ChangeRoutesOptions,
): void {
  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/changes/{id}/apply',
      summary:
        "write a change `POST /v1/tasks/change` delivered (its `proposal_id`) to the server's workspace: every file or none, only when verified, refused when a file changed since it was read; only where `[server] apply_changes = true` (else 403 `apply_changes_off`)",
      tag: 'tasks',
      scope: 'tasks',
      body: applyChangeRequest,
      response: applyChangeResponse,
    },
    async (c, { params, body, auth }) => {
      // before the id is looked up: a server that writes nothing says so to everyone alike
      if (!settings.applyChanges) throw applyChangesOff();
      const id = params.id ?? '';
      const claim = await proposals.claim(auth.user.id, id);
      if (!claim)
        throw new HttpError({
          status: 404,
          code: 'not_found',
          message: `you have no change waiting with the id ${JSON.stringify(id)}`,
          hint: 'a change is kept for an hour after it was made: run the change again',
        });
      if (claim.taken) throw alreadyTaken(id, claim.taken);
      const { proposal } = claim;
      let refused: ReturnType<typeof applyChange>;
      try {
        refused = applyChange(root, proposal.result, {
          writeUnverified: body.write_unverified === true,
        });
      } catch (error) {
        // a write that failed (no space, a permission) may be asked for again: the files it did write no
        // longer hold what the change was computed against, so a retry is refused as outdated, not doubled
        // a release that fails too (the store is down) must not hide why the write failed
        await proposals.release(id).catch(() => undefined);
        throw error;
      }
      if (refused) {
        // a file changed meanwhile: this change can never be written; run it again
        if (refused.changed) await proposals.forget(id);
        else await proposals.release(id);
        throw new HttpError({
          status: 409,
          code: refused.changed ? 'change_outdated' : 'change_not_applied',
          message: refused.reason.replace('add --write-unverified', 'send `write_unverified: true`'),
          hint: refused.changed ? 'run the change again on the files as they are now' : undefined,
        });
      }
      await proposals.applied(id);
      return c.json({ applied: proposal.result.details.applied ?? [] });
    },
  );
}
