/**
 * The one error type the model layer throws (and puts in stream `error` parts). Callers decide by `kind`
 * and `isRetryable`, never by message text. `hint` says what the user can do; the CLI prints `message`
 * and `hint` and exits with `exitCode` (2: an environment problem, not a finding).
 *
 * Nothing here may carry an API key: `url` is stripped of credentials and query strings that name keys,
 * `responseBody` is truncated and scrubbed (see `scrubSecrets`).
 */
export type ModelErrorKind =
  | 'authentication'
  | 'permission'
  | 'rate-limit'
  | 'context-length'
  | 'timeout'
  | 'network'
  | 'malformed-response'
  | 'server'
  | 'bad-request'
  | 'not-found'
  | 'aborted'
  | 'unsupported'
  | 'configuration';

/** kinds a retry can help with; everything else fails at once */
const RETRYABLE_KINDS: ReadonlySet<ModelErrorKind> = new Set(['rate-limit', 'timeout', 'network', 'server']);

export interface ModelErrorOptions {
  hint: string;
  /** overrides the default for the kind (e.g. a 409 is a retryable `server` error, a 501 is not) */
  isRetryable?: boolean;
  statusCode?: number;
  url?: string;
  retryAfterMs?: number;
  responseBody?: string;
  /** `openai`, `anthropic`, … */
  provider?: string;
  cause?: unknown;
}

const BODY_LIMIT = 2_000;

export class ModelError extends Error {
  readonly kind: ModelErrorKind;
  readonly hint: string;
  readonly isRetryable: boolean;
  readonly statusCode: number | undefined;
  readonly url: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly responseBody: string | undefined;
  readonly provider: string | undefined;
  /** read by the CLI: model errors are usage/environment errors */
  readonly exitCode = 2 as const;

  constructor(kind: ModelErrorKind, message: string, options: ModelErrorOptions) {
    super(scrubSecrets(message), { cause: options.cause });
    this.name = 'ModelError';
    this.kind = kind;
    this.hint = scrubSecrets(options.hint);
    this.isRetryable = options.isRetryable ?? RETRYABLE_KINDS.has(kind);
    this.statusCode = options.statusCode;
    this.url = options.url === undefined ? undefined : safeUrl(options.url);
    this.retryAfterMs = options.retryAfterMs;
    this.responseBody =
      options.responseBody === undefined
        ? undefined
        : scrubSecrets(options.responseBody.slice(0, BODY_LIMIT));
    this.provider = options.provider;
  }
}

export function isModelError(error: unknown, kind?: ModelErrorKind): error is ModelError {
  return error instanceof ModelError && (kind === undefined || error.kind === kind);
}

export function isRetryableError(error: unknown): boolean {
  return error instanceof ModelError && error.isRetryable;
}

/** A URL fit for messages: no user:password, no query (some gateways take `?key=`). */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return scrubSecrets(url);
  }
}

const registeredSecrets = new Set<string>();

/**
 * Remembers an API key so that `scrubSecrets` removes it wherever it turns up (an echoing proxy, an error
 * body quoting the header). Keys shorter than 8 characters are not registered: replacing them would mangle
 * ordinary text, and no real provider issues them.
 */
export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) registeredSecrets.add(secret);
}

// Shapes of common provider keys, for bodies that quote a key vouch never saw (e.g. a proxy's own).
const KEY_PATTERNS: RegExp[] = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{16,}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
];

export function scrubSecrets(text: string): string {
  let result = text;
  for (const secret of registeredSecrets) result = result.split(secret).join('[redacted]');
  for (const pattern of KEY_PATTERNS) result = result.replace(pattern, '[redacted]');
  return result;
}
