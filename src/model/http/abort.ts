import { ModelError } from '../model-error.js';

/** The typed error for a call the caller cancelled. */
export function abortError(signal: AbortSignal | undefined, url?: string): ModelError {
  return new ModelError('aborted', 'the model request was cancelled', {
    hint: 'the caller aborted the request (Ctrl-C or a cancelled task); nothing to fix',
    url,
    cause: signal?.reason,
  });
}

/** Waits `ms`, or rejects with an `aborted` error as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
