import { isModelError, type ModelError } from '../model-error.js';
import { abortError, sleep } from './abort.js';

export interface RetryOptions {
  /** retries after the first attempt; 0 disables retrying */
  maxRetries: number;
  /** the first backoff delay; doubles each retry */
  initialDelayMs: number;
  /** cap on one computed backoff delay (a longer Retry-After is still honoured within `maxTotalWaitMs`) */
  maxDelayMs: number;
  /** cap on all waiting for one call; a Retry-After beyond what is left ends the retries */
  maxTotalWaitMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalWaitMs: 30_000,
};

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  error: ModelError;
}

/**
 * Runs `attempt` until it succeeds, fails with an error no retry can help, or the budget is spent.
 * Delay: the server's Retry-After when it gave one, else exponential backoff with full jitter
 * (random in [d/2, d]) so that many clients do not retry in step. An abort stops waiting at once.
 */
export async function withRetry<T>({
  attempt,
  options,
  signal,
  onRetry,
}: {
  attempt: (attemptNumber: number) => Promise<T>;
  options: RetryOptions;
  signal?: AbortSignal;
  onRetry?: (event: RetryEvent) => void;
}): Promise<T> {
  let waited = 0;
  for (let attemptNumber = 0; ; attemptNumber++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!isModelError(error) || !error.isRetryable || attemptNumber >= options.maxRetries) throw error;
      const backoff = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** attemptNumber);
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      const delayMs = error.retryAfterMs ?? jittered;
      if (waited + delayMs > options.maxTotalWaitMs) throw error;
      onRetry?.({ attempt: attemptNumber + 1, delayMs, error });
      await sleep(delayMs, signal);
      waited += delayMs;
    }
  }
}
