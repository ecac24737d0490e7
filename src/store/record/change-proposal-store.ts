/**
 * The changes the team server keeps for an Accept (`POST /v1/tasks/change` → `POST /v1/changes/{id}/apply`),
 * in the database rather than one process's memory, so an Accept still finds its change after a restart and
 * on another server process behind the same load balancer. A change is its task's result as JSON, kept for
 * the user who asked: another user's is not found. Bounded by its caller (routes/changes.ts): at most
 * `perUser` a user and `total` in all, the oldest going first, none older than `notBefore`.
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
  /** the user's kept change made at or after `notBefore`, as it was kept; another user's is undefined */
  findChangeProposal(id: string, userId: string, notBefore: string): Promise<unknown | undefined>;
  forgetChangeProposal(id: string): Promise<void>;
}
