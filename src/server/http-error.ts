import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isVouchError } from '../core/errors.js';
import { isModelError, type ModelErrorKind } from '../model/index.js';
import { PrivacyPolicyError } from '../telemetry/privacy.js';
import { isWorkspacePathError } from '../workspace/resolve-path.js';

/** An answer other than success: status, a stable code, a message that says what was wrong and what to do. */
export class HttpError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly hint?: string;
  readonly headers: Record<string, string>;

  constructor({
    status,
    code,
    message,
    hint,
    headers = {},
  }: {
    status: ContentfulStatusCode;
    code: string;
    message: string;
    hint?: string | undefined;
    headers?: Record<string, string>;
  }) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.headers = headers;
  }
}

export function errorResponse(c: Context, error: HttpError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(
    { error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) } },
    error.status,
  );
}

/** What the model's failure means for the client: the server's model, not the request, is at fault. */
const MODEL_STATUS: Partial<Record<ModelErrorKind, ContentfulStatusCode>> = {
  'rate-limit': 503,
  timeout: 504,
  'context-length': 413,
  'bad-request': 400,
  // no model configured, or the runtime missing: the server's setup, not the request
  configuration: 503,
  unsupported: 503,
};

/**
 * Any error a handler throws, as an HttpError: vouch's own usage and environment errors are the client's
 * or the server's setup (400 / 503), model failures are a bad gateway, anything else is a 500 whose
 * details stay in the server's log (never sent: they could carry paths or secrets).
 */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (isModelError(error)) {
    return new HttpError({
      status: MODEL_STATUS[error.kind] ?? 502,
      code: `model_${error.kind.replaceAll('-', '_')}`,
      message: error.message,
      hint: error.hint,
    });
  }
  if (error instanceof PrivacyPolicyError)
    return new HttpError({ status: 403, code: 'privacy_policy', message: error.message, hint: error.hint });
  // a path that names (or leads to) a secrets file or a store: refused as /v1/files refuses it
  if (isWorkspacePathError(error) && (error.reason === 'secrets' || error.reason === 'store'))
    return new HttpError({ status: 403, code: 'secrets_file', message: error.message, hint: error.hint });
  if (isVouchError(error)) {
    const environment = error.name === 'EnvironmentError';
    return new HttpError({
      status: environment ? 503 : 400,
      code: environment ? 'server_environment' : 'invalid_request',
      message: error.message,
      hint: error.hint,
    });
  }
  return new HttpError({
    status: 500,
    code: 'internal_error',
    message: 'the server failed to answer; its log says why',
  });
}
