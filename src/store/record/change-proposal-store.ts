/**
 * The changes the team server keeps for an Accept (`POST /v1/tasks/change` → `POST /v1/changes/{id}/apply`),
 * in the database rather than one process's memory, so an Accept still finds its change after a restart and
 * on another server process behind the same load balancer. A change is its task's result as JSON, kept for
 * the user who asked: another user's is not found. Bounded by its caller (routes/changes.ts): at most
 * `perUser` a user and `total` in all, the oldest going first, none older than `notBefore`.
 * Applying one is a claim: `claimChangeProposal` moves it from `proposed` to `applying` in one conditional
 * update, so of two servers (or two requests) applying the same change exactly one gets it; the claimer
 * then marks it `applied` once written, or releases it when it wrote nothing.
 * Part of the ServerStore; the SQL is in sql-change-proposal-store.ts.
 */
export interface ChangeProposalStore {
  /** keeps `result` for `userId` at `at` (ISO time) under a new id, then drops what is past the bounds */
  keepChangeProposal(init: {
    userId: string;
    result: unknown;
    at: string;
    perUser: number;
    total: number;
    notBefore: string;
  }): Promise<string>;
  /**
   * the user's kept change made at or after `notBefore` and still waiting (not being applied, not applied),
   * as it was kept; another user's is undefined
   */
  findChangeProposal(id: string, userId: string, notBefore: string): Promise<unknown | undefined>;
  forgetChangeProposal(id: string): Promise<void>;
  /**
   * Takes the user's kept change (made at or after `notBefore`) for writing, at `at` (ISO time): `claimed`
   * with its result when it was waiting, else `taken` with its state and since when (another request is
   * writing it, or wrote it); undefined when the user has no such change. A claim in progress since
   * before `staleBefore` (ISO time: a server that stopped mid-write) is taken over.
   */
  claimChangeProposal(init: {
    id: string;
    userId: string;
    notBefore: string;
    at: string;
    staleBefore: string;
  }): Promise<ChangeProposalClaim | undefined>;
  /** the claimed change was written at `at`: a later claim is told so until it expires */
  markChangeProposalApplied(id: string, at: string): Promise<void>;
  /** the claimed change was not written (refused, or the write failed): it waits for an Accept again */
  releaseChangeProposal(id: string): Promise<void>;
}

export type ChangeProposalClaim =
  | { claimed: true; result: unknown }
  | { claimed: false; state: 'applying' | 'applied'; since: string };
