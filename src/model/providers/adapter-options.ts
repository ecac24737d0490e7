import type { FimMode } from '../fim/fim-templates.js';
import { DEFAULT_RETRY, type RetryEvent, type RetryOptions } from '../http/retry.js';
import type { FetchFunction } from '../http/transport.js';
import type { ModelLocation } from '../types.js';

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

export function defaultFetch(): FetchFunction {
  return (input, init) => globalThis.fetch(input, init);
}
