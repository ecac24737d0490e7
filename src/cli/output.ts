import { CommanderError } from 'commander';
import { loadConfig } from '../config/load.js';
import { describeIgnoredSetting, type IgnoredSetting } from '../config/untrusted-settings.js';
import { EXIT, type ExitCode, isCancellation, isVouchError } from '../core/errors.js';
import { findWorkspaceRoot } from '../workspace/root.js';
import { beforeForcedExit, wasInterrupted } from './signals.js';

let jsonPrinted = false;

/** Prints the one JSON object a `--json` command emits. */
export function printJson(value: unknown): void {
  jsonPrinted = true;
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The object a `--json` command cancelled by the user prints. */
function printCancelled(): void {
  printJson({ error: { name: 'Cancelled', message: 'cancelled by the user', exitCode: EXIT_INTERRUPTED } });
}

export function errorExitCode(error: unknown): ExitCode {
  if (isVouchError(error)) return error.exitCode;
  // Errors from lower layers (model errors, validation) that carry an exit code of their own.
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  if (code === EXIT.findings || code === EXIT.usage) return code;
  return EXIT.usage;
}

/**
 * Reports a failure: message and hint on stderr; with `--json`, also `{error: {message, hint, exitCode}}`
 * on stdout so a script always gets exactly one JSON object. Stack traces only with VOUCH_DEBUG=1.
 */
/** Exit status of a command the user cancelled with Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = EXIT.interrupted;

export function reportError(error: unknown, json: boolean): ExitCode | typeof EXIT_INTERRUPTED {
  // after Ctrl-C (or SIGTERM) whatever a command throws ends it as cancelled: it exits 130, and says so
  if (isCancellation(error) || wasInterrupted()) {
    process.stderr.write('vouch: cancelled\n');
    if (json) printCancelled();
    return EXIT_INTERRUPTED;
  }
  const exitCode = errorExitCode(error);
  const message = error instanceof Error ? error.message : String(error);
  const hint = (error as { hint?: unknown } | null)?.hint;
  const name = error instanceof Error ? error.name : 'Error';
  process.stderr.write(`vouch: ${message}\n`);
  if (typeof hint === 'string' && hint) process.stderr.write(`  hint: ${hint}\n`);
  if (process.env.VOUCH_DEBUG === '1' && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  if (json)
    printJson({ error: { name, message, hint: typeof hint === 'string' ? hint : undefined, exitCode } });
  return exitCode;
}

/** Says on stderr which settings of an untrusted workspace's vouch.toml were not applied, and how to apply them. */
export function warnIgnoredSettings(ignored: readonly IgnoredSetting[]): void {
  if (ignored.length === 0) return;
  const lines = ignored.map((setting) => `  ${describeIgnoredSetting(setting)}\n`).join('');
  process.stderr.write(
    `vouch: warning: this workspace's vouch.toml is not trusted; ignored:\n${lines}  hint: if you trust this repository, \`vouch trust\` applies its settings (docs/workspace-trust.md)\n`,
  );
}

/**
 * Wraps a command action: its return value is the exit code (default 0); a thrown error is reported and
 * mapped to its exit code. `json` reads the command's own `--json` option (or `--format json`). Every command first reads the
 * config files that apply (the user's, the workspace's, `--config`): a broken one stops every command the
 * same way, naming its line — never ignored, since it may hold the privacy policy.
 */
export function action<Args extends unknown[]>(
  // biome-ignore lint/suspicious/noConfusingVoidType: actions that print and end normally return nothing
  run: (...args: Args) => Promise<ExitCode | typeof EXIT_INTERRUPTED | undefined | void>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    // commander passes (...arguments, options, command)
    const options = (args.length >= 2 ? args[args.length - 2] : undefined) as
      | { json?: boolean; format?: unknown; config?: string }
      | undefined;
    // `--format json` is `--json` (review, scan): its errors come as JSON too (w154)
    const json = options?.json === true || options?.format === 'json';
    const command = args[args.length - 1] as { name?: () => string } | undefined;
    // a command that does not stop within its grace after Ctrl-C still prints its one JSON object (r39)
    if (json)
      beforeForcedExit(() => {
        if (!jsonPrinted) printCancelled();
      });
    try {
      const loaded = loadConfig({
        workspaceRoot: findWorkspaceRoot(),
        ...(typeof options?.config === 'string' ? { file: options.config } : {}),
      });
      // `vouch trust` reports the same list as its own output
      if (command?.name?.() !== 'trust') warnIgnoredSettings(loaded.ignored);
      const code = await run(...args);
      // a command that ended after Ctrl-C (a sandboxed run reported `killed`, say) was cancelled
      process.exitCode = wasInterrupted() ? EXIT_INTERRUPTED : (code ?? EXIT.ok);
    } catch (error) {
      if (error instanceof CommanderError) throw error;
      const code = reportError(error, json);
      process.exitCode = wasInterrupted() ? EXIT_INTERRUPTED : code;
    }
  };
}
