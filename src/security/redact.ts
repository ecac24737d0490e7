import type { PromptRedactor, RedactionSession } from '../model/types.js';
import { findSecrets } from './secrets.js';

/**
 * The redactor the model layer applies to every prompt bound for a remote provider. Each distinct secret
 * becomes `<<SECRET_n>>` — short, unlike anything in real code, and echoed verbatim by models — and the
 * same secret gets the same placeholder in every message of one request, so `restore` can put the
 * originals back into a reply that quotes them.
 */
export function createSecretRedactor(): PromptRedactor {
  return { begin: () => createSession() };
}

const PLACEHOLDER = /<<SECRET_(\d+)>>/g;

function createSession(firstNumber = 1): RedactionSession {
  const bySecret = new Map<string, string>();
  const byPlaceholder = new Map<string, string>();
  return {
    redact(text: string): string {
      const matches = findSecrets(text);
      if (matches.length === 0) return text;
      let result = '';
      let cursor = 0;
      for (const match of matches) {
        const secret = text.slice(match.start, match.end);
        let placeholder = bySecret.get(secret);
        if (!placeholder) {
          placeholder = `<<SECRET_${firstNumber + bySecret.size}>>`;
          bySecret.set(secret, placeholder);
          byPlaceholder.set(placeholder, secret);
        }
        result += text.slice(cursor, match.start) + placeholder;
        cursor = match.end;
      }
      return result + text.slice(cursor);
    },
    restore(text: string): string {
      return text.replace(PLACEHOLDER, (placeholder) => byPlaceholder.get(placeholder) ?? placeholder);
    },
    get count() {
      return bySecret.size;
    },
  };
}

/**
 * What vouch keeps (a suggestion's code and request, a kept version) without the secrets in it: every
 * string inside `value` redacted as a remote prompt is, one placeholder per distinct secret. Stored
 * suggestions feed statistics, dashboards and the fine-tuning export; a key pasted into a request must
 * not live on in any of them.
 */
export function withoutSecrets<T>(value: T): T {
  const session = createSession();
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return session.redact(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object')
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, walk(inner)]));
    return item;
  };
  return walk(value) as T;
}

/**
 * Texts redacted again, on the way out of vouch (the fine-tuning export): what was kept was redacted when
 * it was stored, but a detector that learned since, or code a user modified after it was stored, may
 * still hold a secret. New secrets get placeholders numbered after the highest already in the texts (so
 * two different secrets never share one), the same secret the same placeholder in every text, and
 * `count` is the number of distinct placeholders the texts end with: what the record really hides.
 */
export function redactAgain<T extends readonly (string | undefined)[]>(
  texts: T,
): { texts: T; count: number } {
  const highest = Math.max(
    0,
    ...texts.flatMap((text) => [...(text ?? '').matchAll(PLACEHOLDER)].map((match) => Number(match[1]))),
  );
  const session = createSession(highest + 1);
  const redacted = texts.map((text) =>
    text === undefined ? undefined : session.redact(text),
  ) as unknown as T;
  const placeholders = new Set(
    redacted.flatMap((text) => [...(text ?? '').matchAll(PLACEHOLDER)].map((match) => match[0])),
  );
  return { texts: redacted, count: placeholders.size };
}
