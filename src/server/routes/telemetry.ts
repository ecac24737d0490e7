import type { NewEvent } from '../../store/record/server-store.js';
import { editDistance } from '../../telemetry/edit-distance.js';
import type { TelemetrySetting } from '../../telemetry/telemetry-setting.js';
import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import {
  eventsRequest,
  eventsResponse,
  statsQuery,
  statsResponse,
  suggestionRequest,
  suggestionResponse,
} from '../schemas.js';
import { keptWithoutSecrets } from './kept-without-secrets.js';

/**
 * Acceptance telemetry: faces report what happened to a suggestion (`shown`, `accepted`, `rejected`,
 * `modified` with what was kept, `copied`); the answer comes only after the events are committed.
 */
export function registerTelemetryRoutes(
  context: RouteContext,
  telemetry: TelemetrySetting,
  { detectorBudgetMs }: { detectorBudgetMs?: number } = {},
): void {
  // stored without secrets, or refused (kept-without-secrets.ts)
  const withoutSecrets = <T>(value: T, signal: AbortSignal): Promise<T> =>
    keptWithoutSecrets(value, { signal, budgetMs: detectorBudgetMs });
  // `telemetry = false` in the server's vouch.toml: nothing about suggestions is stored, and a face is told so
  const refuseWhenOff = () => {
    if (telemetry === 'off')
      throw new HttpError({
        status: 403,
        code: 'telemetry_off',
        message:
          'telemetry is off on this server (telemetry = false in its vouch.toml): nothing was recorded',
        hint: 'stop sending telemetry to this server, or ask its administrator to turn telemetry on',
      });
  };
  const withCode = telemetry === 'full';
  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/suggestions',
      summary:
        "record a suggestion a face made with its own model (the language server's inline completions), for its events to refer to",
      tag: 'telemetry',
      scope: 'telemetry',
      body: suggestionRequest,
      response: suggestionResponse,
      status: 201,
    },
    async (c, { body, auth }) => {
      refuseWhenOff();
      const signal = c.req.raw.signal;
      // `telemetry = "metadata"`: the statistics count it, its code and request are not kept
      // The confidence is the client's claim: the server did not see the checks that earned it, and cannot
      // recompute it without the code's workspace. It is kept marked as the client's (`confidence_source`),
      // beside what the client sent and never in place of a level vouch computed; the fine-tuning export
      // says whose it was (docs/trust.md: what a remote user sends is untrusted).
      const kept = withCode
        ? await withoutSecrets(
            {
              input: { ...(body.input ?? {}), face: body.face ?? 'api', confidence_source: 'client' },
              code: body.code,
            },
            signal,
          )
        : { input: { face: body.face ?? 'api', confidence_source: 'client' }, code: '' };
      const suggestion = await context.store.recordSuggestion({
        userId: auth.user.id,
        task: body.task,
        language: body.language,
        model: body.model,
        confidence: body.confidence,
        verification: body.verification,
        gatesFailed: body.gates_failed ?? [],
        input: kept.input,
        code: kept.code,
        context: [],
      });
      return c.json({ suggestion_id: suggestion.id }, 201);
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/events',
      summary: 'record what happened to suggestions (all events of a request, or none)',
      tag: 'telemetry',
      scope: 'telemetry',
      body: eventsRequest,
      response: eventsResponse,
      status: 201,
    },
    async (c, { body, auth }) => {
      refuseWhenOff();
      const events: NewEvent[] = [];
      const codes = new Map<string, string>();
      // compared and kept as the suggestion was: without secrets (one detection for the whole request)
      const finalCodes = await withoutSecrets(
        body.events.map((event) => event.final_code),
        c.req.raw.signal,
      );
      for (const [index, event] of body.events.entries()) {
        let distance = event.edit_distance;
        const finalCode = finalCodes[index];
        if (event.kind === 'modified' && distance === undefined && finalCode !== undefined) {
          let code = codes.get(event.suggestion_id);
          if (code === undefined) {
            code = (await context.store.getSuggestion(event.suggestion_id, auth.user.id))?.code;
            if (code !== undefined) codes.set(event.suggestion_id, code);
          }
          // a suggestion kept without its code (metadata only) has nothing to measure the edit against
          if (code) distance = editDistance(code, finalCode);
        }
        events.push({
          suggestionId: event.suggestion_id,
          kind: event.kind,
          face: event.face ?? 'api',
          ...(distance !== undefined ? { editDistance: distance } : {}),
          ...(finalCode !== undefined && withCode ? { finalCode } : {}),
        });
      }
      const { recorded, unknown } = await context.store.recordEvents(auth.user.id, events);
      if (unknown.length > 0)
        throw new HttpError({
          status: 404,
          code: 'unknown_suggestion',
          message: `no suggestion of yours has the id ${unknown.map((id) => JSON.stringify(id)).join(', ')}; nothing was recorded`,
          hint: "use the suggestion_id a task returned to this token's user",
        });
      return c.json({ recorded }, 201);
    },
  );

  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/stats',
      summary: 'acceptance rate, by task, language, model, confidence and verification outcome',
      tag: 'telemetry',
      scope: 'telemetry',
      query: statsQuery,
      response: statsResponse,
    },
    async (c, { query, auth }) => {
      const everyone = query.all === 'true';
      if (everyone && !(auth.user.admin && auth.token.scopes.includes('admin')))
        throw new HttpError({
          status: 403,
          code: 'forbidden',
          message: "everyone's stats need an administrator's token with the admin scope",
        });
      const stats = await context.store.stats({
        ...(everyone ? {} : { userId: auth.user.id }),
        ...(query.since ? { since: query.since } : {}),
      });
      return c.json({ scope: everyone ? 'all' : 'user', ...stats });
    },
  );
}
