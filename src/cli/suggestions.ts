import { suggestionOf } from '../tasks/suggestion.js';
import type { TaskResult } from '../tasks/task.js';
import { databaseLocation } from '../telemetry/cli-store.js';
import { localLog } from '../telemetry/local-log.js';
import { readPrivacyPolicy } from '../telemetry/privacy-policy.js';
import { mayRecordCode, readTelemetrySetting } from '../telemetry/telemetry-setting.js';
import { paint, useColour } from './render/colour.js';
import type { OpenedWorkspace } from './workspace-setup.js';

/**
 * The CLI's own telemetry: a result with code becomes a suggestion in the workspace's store as the local
 * user, with a `shown` event (printing it is showing it), face `cli`; its id is printed so the user can
 * say what became of it (`vouch feedback ID accepted|rejected|modified`). `telemetry = false` records
 * nothing; the code stays out under `telemetry = "metadata"` and under `local-only` with a store on
 * another machine. A store that cannot be written is reported on stderr and never fails the command:
 * the id is then null.
 */
export async function recordShownSuggestion(
  workspace: OpenedWorkspace,
  input: unknown,
  result: TaskResult,
): Promise<string | null> {
  const setting = readTelemetrySetting(workspace.config);
  if (setting === 'off') return null;
  const withCode = mayRecordCode(
    setting,
    readPrivacyPolicy(workspace.config),
    databaseLocation(workspace.root),
  );
  const suggestion = suggestionOf(result, input, { withCode });
  if (!suggestion) return null;
  try {
    const log = localLog(workspace.root);
    const stored = await log.recordSuggestion(suggestion);
    await log.recordEvents([{ suggestionId: stored.id, kind: 'shown', face: 'cli' }]);
    return stored.id;
  } catch (error) {
    process.stderr.write(
      `vouch: the suggestion could not be recorded for \`vouch stats\`: ${(error as Error).message}\n`,
    );
    return null;
  }
}

/** The CLI applied a suggestion (`generate --write`): it was accepted. Failures are reported, never fatal. */
export async function recordAccepted(workspace: OpenedWorkspace, id: string): Promise<void> {
  try {
    await localLog(workspace.root).recordEvents([{ suggestionId: id, kind: 'accepted', face: 'cli' }]);
  } catch (error) {
    process.stderr.write(
      `vouch: the accepted suggestion could not be recorded: ${(error as Error).message}\n`,
    );
  }
}

/**
 * A task whose result the CLI may write to the user's files (`refactor --apply`, `test --write`,
 * `debug --apply`): the suggestion is recorded as shown, and as accepted when it was written.
 */
export async function recordSuggestionOutcome({
  workspace,
  input,
  result,
  written,
}: {
  workspace: OpenedWorkspace;
  input: unknown;
  result: TaskResult;
  written: boolean;
}): Promise<string | null> {
  const id = await recordShownSuggestion(workspace, input, result);
  if (id && written) await recordAccepted(workspace, id);
  return id;
}

/** The line that tells a user how to report what became of a suggestion. */
export function feedbackHint(id: string): string {
  return `suggestion ${id} · tell vouch what you kept: vouch feedback ${id} accepted|rejected|modified`;
}

/** After a text report on stdout: the feedback hint, unless nothing was recorded or it was written already (accepted). */
export function printFeedbackHint(id: string | null, written: boolean): void {
  if (id && !written) process.stdout.write(`${paint(useColour(), 'dim', `  ${feedbackHint(id)}`)}\n`);
}
