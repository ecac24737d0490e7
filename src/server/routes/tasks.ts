import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { DetectorBudgetError, withoutSecretsOffThread } from '../../security/detector-pool.js';
import type { ServerStore } from '../../store/record/server-store.js';
import {
  runTask,
  type TaskEvent,
  type TaskHost,
  type TaskResult,
  taskDefinition,
  taskNames,
} from '../../tasks/index.js';
import { suggestionOf } from '../../tasks/suggestion.js';
import type { TelemetrySetting } from '../../telemetry/telemetry-setting.js';
import { commandRefusal } from '../command-policy.js';
import { toHttpError } from '../http-error.js';
import { type AppEnv, defineRoute, type RouteContext } from '../route.js';
import { taskResponse } from '../schemas.js';
import type { ServerSettings } from '../settings.js';
import type { ChangeProposals } from './changes.js';

/**
 * Every result with code becomes a suggestion with an id that telemetry events refer to — without its
 * code and request under `telemetry = "metadata"`, not at all under `telemetry = false`. The secrets
 * detector runs on a worker with the host's budget (issue 55); a suggestion it could not finish checking
 * is not kept (`suggestion_id` null), never kept unredacted.
 */
async function recordSuggestion({
  store,
  telemetry,
  userId,
  input,
  result,
  budgetMs,
}: {
  store: ServerStore;
  telemetry: TelemetrySetting;
  userId: string;
  input: unknown;
  result: TaskResult;
  budgetMs: number | undefined;
}): Promise<string | null> {
  if (telemetry === 'off') return null;
  const suggestion = suggestionOf(result, input, { withCode: telemetry === 'full' });
  if (!suggestion) return null;
  // kept without the secrets a request, the code or the context's reasons (quoting the request) carried:
  // every text of the record (the local log does the same for the CLI)
  let kept: typeof suggestion;
  try {
    kept = await withoutSecretsOffThread(suggestion, budgetMs !== undefined ? { budgetMs } : {});
  } catch (error) {
    if (error instanceof DetectorBudgetError) return null;
    throw error;
  }
  return (await store.recordSuggestion({ ...kept, userId })).id;
}

/** Client gone (connection closed) or the stream aborted: the task, and its model request, stop. */
function abortOnDisconnect(c: Context): AbortController {
  const controller = new AbortController();
  const signal = c.req.raw.signal;
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller;
}

function wantsStream(c: Context): boolean {
  return (c.req.header('accept') ?? '').includes('text/event-stream');
}

/**
 * One route per registered task, `POST /v1/tasks/{name}`, its body the task's own input schema: tasks
 * another engineer adds to the registry appear here without a change. `Accept: text/event-stream`
 * streams the task's events (`stage`, `text-delta`, `check`, `notice`, then `result` or `error`).
 * `change`'s answer names a `proposal_id` that `POST /v1/changes/{id}/apply` writes (routes/changes.ts).
 */
export function registerTaskRoutes({
  context,
  hostFor,
  settings,
  proposals,
}: {
  context: RouteContext;
  hostFor: (userId: string) => TaskHost;
  settings: Pick<ServerSettings, 'telemetry' | 'debugCommands'>;
  proposals: ChangeProposals;
}): void {
  const { telemetry } = settings;
  for (const name of taskNames()) {
    const definition = taskDefinition(name)!;
    defineRoute(
      context,
      {
        method: 'post',
        path: `/v1/tasks/${name}`,
        summary: definition.description,
        tag: 'tasks',
        scope: 'tasks',
        body: definition.input,
        response: taskResponse(name),
        stream: true,
      },
      async (c: Context<AppEnv>, { auth, rawBody: input }) => {
        // a command a request names runs on the server's machine: only those the team allowed
        const command = (input as { command?: unknown } | undefined)?.command;
        if (Array.isArray(command)) {
          const refusal = commandRefusal(command as string[], settings.debugCommands, auth);
          if (refusal) throw refusal;
        }
        // the body as sent, validated by the route, goes to runTask, which applies the schema itself
        const host = hostFor(auth.user.id);
        const controller = abortOnDisconnect(c);
        const finish = async (result: TaskResult) => ({
          ...result,
          suggestion_id: await recordSuggestion({
            store: context.store,
            telemetry,
            userId: auth.user.id,
            input,
            result,
            budgetMs: host.detectorBudgetMs,
          }),
          // a change is written only through POST /v1/changes/{id}/apply, by who asked for it
          ...(result.task === 'change' ? { proposal_id: await proposals.add(auth.user.id, result) } : {}),
        });
        // admitted against the server's cap on concurrent work, within the user's share (admission.ts): a
        // full queue is a 429 now, before any stream starts
        if (!wantsStream(c)) {
          const result = await context.admission.run(
            () => runTask({ name, input, host, options: { signal: controller.signal } }),
            { user: auth.user.id, signal: controller.signal },
          );
          return c.json(await finish(result));
        }
        const ticket = context.admission.reserve({ user: auth.user.id, signal: controller.signal });
        return streamSSE(c, async (stream) => {
          stream.onAbort(() => controller.abort(new Error('the client closed the stream')));
          const send = (event: string, data: unknown) =>
            stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => controller.abort());
          try {
            await ticket.ready;
            const result = await runTask({
              name,
              input,
              host,
              options: {
                signal: controller.signal,
                onEvent: (event: TaskEvent) => {
                  // the result goes out last, with its suggestion id
                  if (event.type !== 'result') void send(event.type, event);
                },
              },
            });
            await send('result', { type: 'result', result: await finish(result) });
          } catch (error) {
            if (controller.signal.aborted) return;
            const failure = toHttpError(error);
            await send('error', {
              type: 'error',
              error: {
                code: failure.code,
                message: failure.message,
                ...(failure.hint ? { hint: failure.hint } : {}),
              },
            });
          } finally {
            ticket.release();
          }
        });
      },
    );
  }
}
