import type { FimMode } from '../fim/fim-templates.js';
import type { ProviderHints } from '../http/http-error.js';
import { nodeFetch } from '../http/node-fetch.js';
import { DEFAULT_RETRY, type RetryEvent, type RetryOptions } from '../http/retry.js';
import type { FetchFunction, Transport } from '../http/transport.js';
import { endpointOf, locationOf } from '../location.js';
import { ModelError, registerSecret } from '../model-error.js';
import type { LanguageModel, ModelLocation } from '../types.js';

/** What every HTTP adapter's factory accepts. */
export interface AdapterOptions {
  modelId: string;
  /** the API root, e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434` */
  baseUrl: string;
  apiKey?: string | undefined;
  /** defaults to the global fetch; tests and proxies inject their own */
  fetch?: FetchFunction | undefined;
  /** per-request default; a call's `timeoutMs` overrides it */
  timeoutMs?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  fimTemplate?: FimMode | undefined;
  /** defaults to what the base URL says (loopback → local) */
  location?: ModelLocation | undefined;
  /** the name in `id` (`provider:model`); a custom `[providers.<name>]` section passes its name */
  providerName?: string | undefined;
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

export function retryOptions(retry: Partial<RetryOptions> | undefined): RetryOptions {
  return { ...DEFAULT_RETRY, ...retry };
}

/** `node:http` on keep-alive agents (http/node-fetch.ts: the platform's fetch costs more per request). */
export function defaultFetch(): FetchFunction {
  return nodeFetch;
}

/** What differs between HTTP adapters when setting up their transport; the rest is shared. */
export interface TransportSpec {
  /** the provider name when the config gives none */
  defaultProvider: string;
  /** request headers, the auth header included (never logged) */
  headers: Record<string, string>;
  hints(where: { baseUrl: string; providerName: string }): ProviderHints;
  readErrorDetails: Transport['readErrorDetails'];
}

export interface AdapterSetup {
  transport: Transport;
  /** the model's identity fields: `provider`, `modelId`, `id` and `location`, `endpoint` */
  identity: Pick<LanguageModel, 'provider' | 'modelId' | 'id' | 'location' | 'endpoint'>;
}

/**
 * The transport and identity every HTTP adapter starts from: its key registered for scrubbing, the base
 * URL without a trailing slash, and the default fetch, timeout and retry policy.
 */
export function setUpAdapter(options: AdapterOptions, spec: TransportSpec): AdapterSetup {
  const providerName = options.providerName ?? spec.defaultProvider;
  registerSecret(options.apiKey);
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  return {
    transport: {
      provider: providerName,
      baseUrl,
      headers: spec.headers,
      fetch: options.fetch ?? defaultFetch(),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: retryOptions(options.retry),
      hints: spec.hints({ baseUrl, providerName }),
      readErrorDetails: spec.readErrorDetails,
      onRetry: options.onRetry,
    },
    identity: {
      provider: providerName,
      modelId: options.modelId,
      id: `${providerName}:${options.modelId}`,
      location: options.location ?? locationOf(baseUrl),
      endpoint: endpointOf(baseUrl),
    },
  };
}

/** A stream carries one answer: asking `streamChat` for several is refused, not silently cut to one. */
export function assertOneStream(request: { n?: number }, provider: string): void {
  if ((request.n ?? 1) > 1)
    throw new ModelError(
      'unsupported',
      `${provider}: streamChat streams one answer, but n = ${request.n} was asked for`,
      {
        hint: 'use chat() for several candidates, or stream them one request at a time',
      },
    );
}
