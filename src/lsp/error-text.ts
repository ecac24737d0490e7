import { isVouchError } from '../core/errors.js';
import { isModelError } from '../model/model-error.js';

/**
 * An error as the editor shows it: its message and, when it has one, what the user can do about it — a
 * vouch error's hint, or the model layer's (`is the server at … running?`), as the CLI prints both.
 */
export function errorText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = (isVouchError(error) || isModelError(error)) && error.hint ? ` (${error.hint})` : '';
  return `vouch: ${message}${hint}`;
}
