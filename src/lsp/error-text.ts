import { isVouchError } from '../core/errors.js';
import { isModelError } from '../model/model-error.js';

/**
 * An error as the editor shows it: `vouch: `, what was being done when it happened (`doing`: "completions
 * are failing"), its message and, when it has one, what the user can do about it — a vouch error's hint,
 * or the model layer's (`is the server at … running?`), as the CLI prints both. The one place the prefix
 * is added: callers pass what they were doing rather than strip it off again.
 */
export function errorText(error: unknown, doing?: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = (isVouchError(error) || isModelError(error)) && error.hint ? ` (${error.hint})` : '';
  return `vouch: ${doing ? `${doing}: ` : ''}${message}${hint}`;
}
