import { ModelError } from '../model-error.js';
import type { Transport } from './transport.js';

/** The typed error for a stream that ended before its end marker: never a silently short answer. */
export function brokenStream(transport: Transport, url: string, missing: string): ModelError {
  return new ModelError(
    'network',
    `the stream from ${transport.provider} at ${url} broke off before it finished (${missing})`,
    {
      hint: 'the connection or the server dropped mid-answer: retry; if it keeps happening, check proxies and the server log',
      url,
      provider: transport.provider,
    },
  );
}
