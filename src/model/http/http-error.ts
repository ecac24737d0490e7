import { ModelError, type ModelErrorKind } from '../model-error.js';
import { parseRetryAfter } from './retry-after.js';

/** What an adapter could read from a provider's error body. */
export interface ProviderErrorDetails {
  message?: string;
  /** the provider's own error type/code, e.g. `rate_limit_error`, `context_length_exceeded` */
  code?: string;
  /** set by the adapter when the provider's body says the prompt is over the context window */
  contextLength?: boolean;
  /** set by the adapter for quota exhaustion: a 429 that waiting will not fix */
  quotaExhausted?: boolean;
}

/**
 * The wording servers use when a prompt is over the context window without a machine-readable code:
 * vLLM and other OpenAI-compatible servers (`This model's maximum context length is 4096 tokens…`),
 * Ollama (`the input length exceeds the context length`).
 */
const CONTEXT_LENGTH_WORDING =
  /maximum context length is \d+|exceeds? the (?:maximum )?context (?:length|window|size)|context length exceeded/i;

export function saysContextLength(message: string | undefined): boolean {
  return message !== undefined && CONTEXT_LENGTH_WORDING.test(message);
}

/** Provider-specific advice for the kinds where the user's fix depends on the provider. */
export interface ProviderHints {
  authentication: string;
  network: string;
  notFound?: string;
}

export interface ResponseErrorInput {
  provider: string;
  status: number;
  headers: Headers;
  body: string;
  url: string;
  details: ProviderErrorDetails;
  hints: ProviderHints;
}

function kindForStatus(status: number, details: ProviderErrorDetails): ModelErrorKind {
  if (details.contextLength) return 'context-length';
  if (status === 401) return 'authentication';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context-length';
  if (status === 429) return 'rate-limit';
  if (status === 409 || status >= 500) return 'server';
  return 'bad-request';
}

function hintFor(kind: ModelErrorKind, input: ResponseErrorInput): string {
  switch (kind) {
    case 'authentication':
      return input.hints.authentication;
    case 'permission':
      return 'the key is valid but may not use this model or endpoint: check the model name and the account behind the key';
    case 'not-found':
      return input.hints.notFound ?? 'check the model name and the base URL';
    case 'rate-limit':
      return input.details.quotaExhausted
        ? 'the account has run out of quota: add credit or use another key'
        : 'the provider is rate-limiting this key: wait a little, lower --n, or raise the account limits';
    case 'context-length':
      return 'the prompt is longer than the model accepts: send less context or choose a model with a larger context window';
    case 'timeout':
      return 'the server timed out the request: retry later or raise timeout_ms for this provider';
    case 'server':
      return 'the provider failed on its side; retry later (vouch already retried what it safely could)';
    default:
      return 'the provider rejected the request: check the model name and options (the message above quotes the provider)';
  }
}

/** The typed error for a non-2xx response. */
export function errorFromResponse(input: ResponseErrorInput): ModelError {
  const kind = kindForStatus(input.status, input.details);
  const said = input.details.message ? `: ${input.details.message}` : '';
  // 409 (a lock conflict), 408 and 5xx may pass; 501/505 say the server cannot do this at all.
  let isRetryable: boolean | undefined;
  if (input.status === 501 || input.status === 505) isRetryable = false;
  if (kind === 'rate-limit' && input.details.quotaExhausted) isRetryable = false;
  if (kind === 'context-length') isRetryable = false;
  return new ModelError(
    kind,
    `${input.provider} answered ${input.status} at ${stripQuery(input.url)}${said}`,
    {
      hint: hintFor(kind, input),
      isRetryable,
      statusCode: input.status,
      url: input.url,
      retryAfterMs: parseRetryAfter(input.headers),
      responseBody: input.body,
      provider: input.provider,
    },
  );
}

function stripQuery(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}
