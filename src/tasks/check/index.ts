import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { resolveWorkspacePath } from '../../workspace/resolve-path.js';
import { judgeConfidence } from '../confidence.js';
import type { CheckDetails } from '../gate/gate-details.js';
import { GATE_PROFILES, type GateProfile, profileChecks, profileContext } from '../gate/profiles.js';
import { languageField, workspacePath } from '../input-schemas.js';
import { checkContextFor, runChecks } from '../run-checks.js';
import type { TaskDefinition, TaskHost, TaskOptions, TaskResultOf } from '../task.js';
import { baseResult, withDetails } from '../task-frame.js';
import { verdictOf } from '../verdict.js';

/**
 * `check`: code handed in, through the gate's checks of a profile (tasks/gate/profiles.ts), with the
 * verdict. What `vouch check`, POST /v1/check and the language server's diagnostics run: no model.
 */
export const checkInput = z
  .object({
    code: z.string().max(2_000_000).meta({ title: 'Code', description: 'The code to check.' }),
    language: languageField,
    /** where the code would live in the workspace; `<stdin>` or `<generated>` (the default) when nowhere */
    path: z
      .union([workspacePath, z.enum(['<stdin>', '<generated>'])])
      .optional()
      .meta({
        title: 'Path',
        description:
          'Where the code would live in the workspace; <stdin> or <generated> when nowhere. Default <generated>.',
      }),
    /** test code to run against it in the sandbox (the `suggestion` profile's tests check) */
    tests: z
      .array(z.string().max(2_000_000))
      .max(50)
      .optional()
      .meta({ title: 'Tests', description: 'Test code to run against it in the sandbox.' }),
    /**
     * where each of `tests` lives in the workspace, when it was read from a file there: it runs at that
     * path where the runner allows, and its failures are named by it
     */
    testPaths: z.array(workspacePath).max(50).optional().meta({
      title: 'Test files',
      description:
        'Where each test lives in the workspace, one per test, when it was read from a file there.',
    }),
    /** which checks run (default `suggestion`: every check) */
    profile: z
      .enum(GATE_PROFILES as [GateProfile, ...GateProfile[]])
      .optional()
      .meta({
        title: 'Checks to run',
        description: "Which of the gate's profiles runs. Default suggestion: every check.",
      }),
  })
  .strict();

export type CheckInput = z.output<typeof checkInput>;

export async function runCheck(
  input: CheckInput,
  host: TaskHost,
  options: TaskOptions,
): Promise<TaskResultOf<'check'>> {
  const started = performance.now();
  const profile = input.profile ?? 'suggestion';
  // the code is placed at `path` in the sandbox's view of the project: a path the one resolver accepts
  // (inside the workspace through every link; never a secrets file or a store), whichever face asked
  const path =
    input.path === undefined || input.path === '<stdin>' || input.path === '<generated>'
      ? (input.path ?? '<generated>')
      : resolveWorkspacePath(host.workspaceRoot, input.path, { kind: 'any' }).path;
  if (input.testPaths && input.testPaths.length !== (input.tests?.length ?? 0))
    throw new UsageError(
      `testPaths names ${input.testPaths.length} file(s) for ${input.tests?.length ?? 0} test(s): give one path per test, or none`,
    );
  // each through the one resolver too: a test's path is placed in the sandbox's view of the project
  const testPaths = input.testPaths?.map(
    (testPath) => resolveWorkspacePath(host.workspaceRoot, testPath, { kind: 'any' }).path,
  );
  const checks = await profileChecks(profile, host.checks);
  options.onEvent?.({ type: 'stage', stage: 'verify', status: 'start', detail: `${checks.length} checks` });
  let done = 0;
  const results = await runChecks({
    checks,
    subject: {
      code: input.code,
      language: input.language,
      path,
      ...(input.tests?.length ? { tests: input.tests } : {}),
      ...(testPaths ? { testPaths } : {}),
    },
    context: profileContext(profile, checkContextFor(host, options.signal)),
    onResult: (result) => {
      options.onEvent?.({ type: 'check', candidate: 0, round: 0, result });
      options.onEvent?.({ type: 'progress', label: result.name, done: ++done, total: checks.length });
    },
  });
  options.onEvent?.({ type: 'stage', stage: 'verify', status: 'done' });
  const verdict = verdictOf(results);
  const confidence = judgeConfidence({
    hasCode: input.code.trim().length > 0,
    checks: results,
    checksDisabled: false,
    truncated: false,
    agreement: 1,
    candidates: 1,
    // the tests were handed in: the user's (or the project's), not written by the model beside the code
    testsSource: 'user',
  });
  const result = baseResult('check', { id: '' }, started);
  result.language = input.language;
  result.confidence = confidence.confidence;
  result.verification = {
    status: verdict.status,
    checks: results,
    blocked: results.some((check) => check.blocking === true),
    reasons: verdict.reasons,
    confidenceReasons: confidence.reasons,
    confidenceEvidence: confidence.evidence,
    rounds: [],
  };
  const details: CheckDetails = { file: path, language: input.language, profile };
  result.durationMs = Math.round(performance.now() - started);
  return withDetails(result, details);
}

export const checkTask: TaskDefinition<CheckInput, 'check'> = {
  name: 'check',
  description:
    "code through the gate's checks (syntax, imports, types, lint, security, licence, tests), no model",
  input: checkInput,
  run: runCheck,
};
