import { UsageError } from '../core/errors.js';
import { locationOf } from '../model/location.js';
import type { PrivacyPolicy } from './privacy-policy.js';

/**
 * `telemetry` at the top of vouch.toml: what the CLI records about its own suggestions in the workspace's
 * store (what `vouch stats` and `vouch export finetune` read). The audit log of model requests is policy,
 * not telemetry: it is written whatever this says.
 * - `true` (the default): each suggestion with its code and request, and its events;
 * - `"metadata"`: task, language, model, confidence, verification and events, never the code or request;
 * - `false`: nothing.
 */
export type TelemetrySetting = 'full' | 'metadata' | 'off';

export function readTelemetrySetting(config: Record<string, unknown>): TelemetrySetting {
  const value = config.telemetry;
  if (value === undefined || value === true) return 'full';
  if (value === false) return 'off';
  if (value === 'metadata') return 'metadata';
  throw new UsageError(
    `telemetry in the config must be true, false or "metadata", not ${JSON.stringify(value)}`,
    {
      hint: 'telemetry = false records nothing; "metadata" records suggestions without their code',
    },
  );
}

/** A store on this machine: a file, or a PostgreSQL server on a loopback address or socket. */
export function storeIsLocal(location: string): boolean {
  const url = /^postgres(?:ql)?:\/\/(?:[^@/?]*@)?([^/?]*)[^?]*(?:\?(.*))?$/.exec(location);
  if (!/^postgres(ql)?:\/\//.test(location)) return true;
  if (!url) return false;
  // `?host=` wins over the authority, as libpq has it; a host starting with / is a unix socket
  const hostParameter = new URLSearchParams(url[2] ?? '').get('host');
  const host = hostParameter ?? url[1] ?? '';
  if (host === '' || host.startsWith('/')) return true;
  return locationOf(`http://${host}`) === 'local';
}

/**
 * Whether code may be stored with a suggestion: not when telemetry says metadata only, and not under
 * `local-only` when the store is another machine's (the code would leave this one).
 */
export function mayRecordCode(
  setting: TelemetrySetting,
  policy: PrivacyPolicy,
  storeLocation: string,
): boolean {
  if (setting !== 'full') return false;
  return policy !== 'local-only' || storeIsLocal(storeLocation);
}
