import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { parseExternalJson } from '../core/external-data.js';
import { withoutSecrets } from '../security/redact.js';

/** The server's answer to a refused request (`{ error: { message } }`). */
const ERROR_ANSWER = z.object({ error: z.object({ message: z.string().optional() }).optional() });

/**
 * Acceptance telemetry sent to the team's `vouch serve` instead of the workspace's own store: a face that
 * made a suggestion with its own model registers it (`POST /v1/suggestions`, the code with any secret
 * replaced by a placeholder) and then reports what happened to it (`POST /v1/events`). Chosen by the
 * environment, so a token never sits in a config file: `VOUCH_SERVER_URL` (the server) and
 * `VOUCH_TOKEN` (a token with the `telemetry` scope, from `vouch token create`).
 */

export interface TelemetryServer {
  /** without a trailing slash */
  url: string;
  token: string;
}

export function telemetryServerFromEnv(env: NodeJS.ProcessEnv = process.env): TelemetryServer | undefined {
  const url = env.VOUCH_SERVER_URL?.trim();
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`VOUCH_SERVER_URL is not a URL: ${JSON.stringify(url)}`, {
      hint: 'set it to the address `vouch serve` listens on, e.g. http://127.0.0.1:8377',
    });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`VOUCH_SERVER_URL must be an http:// or https:// address, not ${parsed.protocol}`, {
      hint: 'set it to the address `vouch serve` listens on',
    });
  const token = env.VOUCH_TOKEN?.trim();
  if (!token)
    throw new UsageError('VOUCH_SERVER_URL is set but VOUCH_TOKEN is not', {
      hint: 'create a token with the telemetry scope on the server (`vouch token create`) and set VOUCH_TOKEN',
    });
  return { url: url.replace(/\/+$/, ''), token };
}

export interface RemoteSuggestion {
  task: string;
  language: string | null;
  model: string;
  confidence: string;
  verification: string;
  /** what keeps it out of the fine-tuning export (`security`: failed, or a security finding attached; `licence`) */
  gates_failed?: string[];
  /** where it was asked for (path, line, column), never the file's text */
  input: Record<string, unknown>;
  code: string;
}

export class RemoteTelemetry {
  constructor(
    private readonly server: TelemetryServer,
    private readonly face: string,
  ) {}

  /** Registers a suggestion; returns the server's id for it. */
  async recordSuggestion(suggestion: RemoteSuggestion): Promise<string> {
    const code = withoutSecrets(suggestion.code);
    const answer = (await this.post('/v1/suggestions', { ...suggestion, code, face: this.face })) as {
      suggestion_id?: unknown;
    };
    if (typeof answer.suggestion_id !== 'string')
      throw new Error(`${this.server.url} answered /v1/suggestions without a suggestion_id`);
    return answer.suggestion_id;
  }

  async recordEvents(events: { suggestionId: string; kind: string }[]): Promise<void> {
    await this.post('/v1/events', {
      events: events.map((event) => ({
        suggestion_id: event.suggestionId,
        kind: event.kind,
        face: this.face,
      })),
    });
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const url = `${this.server.url}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.server.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`cannot reach the vouch server at ${url}${cause ? ` (${cause})` : ''}`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        const parsed = parseExternalJson({
          text,
          schema: ERROR_ANSWER,
          source: `the vouch server at ${url}`,
        });
        message = parsed.error?.message ?? message;
      } catch {
        // not JSON, or not vouch's error answer: the text as it came
      }
      throw new Error(`the vouch server at ${url} answered ${response.status}: ${message}`);
    }
    return text ? JSON.parse(text) : {};
  }
}
