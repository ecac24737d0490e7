import { z } from 'zod';
import type { Finding } from '../../core/check.js';
import { parseExternalJson } from '../../core/external-data.js';
import type { SandboxResult } from '../sandbox/types.js';

/** `eslint --format json`: one report per file, each with its messages. */
const eslintOutput = z.array(
  z.looseObject({
    messages: z.array(
      z.looseObject({
        ruleId: z.string().nullable(),
        severity: z.number(),
        message: z.string(),
        line: z.number().optional(),
        column: z.number().optional(),
      }),
    ),
  }),
);

/**
 * What one run of the project's eslint is worth: its findings when it `ran`; `unconfigured` when it has
 * no configuration to check against; else a `failure` saying why it is no evidence. eslint exits 0 when it
 * found no error, 1 when it reported one (a message of severity 2), 2 when its configuration or itself
 * failed: a 1 with no error in its report, or a report beside a 2 or a run that did not end, is a run that
 * reported nothing it could stand behind, never a clean one.
 */
export type EslintOutcome =
  | { kind: 'ran'; findings: Finding[] }
  | { kind: 'unconfigured' }
  | { kind: 'failed'; failure: string };

/** `file`: the path findings name (the subject's, or `<generated>`). */
export function eslintOutcome(result: SandboxResult, file: string): EslintOutcome {
  const finished = result.status === 'ok' || result.status === 'failed';
  const how = finished ? `exit ${result.exitCode}` : result.status;
  const said = `${result.stderr}\n${result.stdout}`
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0);
  const failed = (what: string, line: string | undefined): EslintOutcome => ({
    kind: 'failed',
    failure: `eslint ${what}${line ? `: ${line.slice(0, 160)}` : ''}`,
  });
  let reports: z.infer<typeof eslintOutput>;
  try {
    reports = parseExternalJson({
      text: result.stdout,
      schema: eslintOutput,
      source: 'eslint --format json',
    });
  } catch {
    // eslint 9 with no eslint.config.* in the project: there are no lint rules to check against
    if (/couldn't find (?:an eslint\.config|a configuration file)/i.test(result.stderr))
      return { kind: 'unconfigured' };
    // eslint is installed but printed no report (its configuration failed to load, or it crashed): it
    // checked nothing, which is not "no linter installed"
    return failed(`could not run (${how})`, said ?? 'it printed no report');
  }
  // a report, yet the run did not end as one that reported: a limit, a signal, or a crash after printing
  if (!finished || result.exitCode === null) return failed(`could not run (${how})`, result.reason);
  const stderrLine = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0);
  if (result.exitCode > 1)
    return failed(`crashed (exit ${result.exitCode}) after printing a report`, stderrLine);
  const messages = reports.flatMap((report) => report.messages);
  if (result.exitCode === 1 && !messages.some((message) => message.severity >= 2))
    return failed('exited 1 without reporting any error', stderrLine);
  return {
    kind: 'ran',
    findings: messages.map((message) => ({
      ruleId: message.ruleId ?? 'eslint',
      file,
      line: message.line ?? 1,
      column: message.column ?? 1,
      severity: message.severity >= 2 ? 'medium' : 'low',
      message: message.message,
      hint: message.ruleId ? `eslint rule ${message.ruleId}` : 'eslint could not check the file',
      tool: 'eslint',
    })),
  };
}
