import type { PromptRedactor, RedactionSession } from '../model/types.js';
import { KnownSecrets } from './known-secrets.js';
import { basicPassword, findSecrets } from './secrets.js';

/**
 * The redactor the model layer applies to every prompt bound for a remote provider. Each distinct secret
 * becomes `<<SECRET_n>>` — short, unlike anything in real code, and echoed verbatim by models — and the
 * same secret gets the same placeholder in every message of one request.
 *
 * Secrets are replaced by value: every value the detector finds in a request is replaced wherever else it
 * appears in that request, and so is every value `remember`ed (the workspace's, see workspace-secrets.ts),
 * reversed, base64 and hex forms included. A placeholder is never turned back into its secret: the model
 * never saw the value, so nothing it writes may carry it — not into code that runs in the sandbox, a
 * repair prompt, the suggestions store or the export (issue 55: a restored key went out again in the
 * repair prompt, and reversed in a test's failure output).
 */
export interface SecretRedactor extends PromptRedactor {
  /** values to replace wherever they appear, in every request from now on */
  remember(values: Iterable<string>): void;
}

export function createSecretRedactor(): SecretRedactor {
  const known = new KnownSecrets();
  return {
    begin: (options) => createSession({ known, reserved: options?.reserved ?? [] }),
    remember(values) {
      for (const value of values) known.add(value);
    },
  };
}

export const PLACEHOLDER = /<<SECRET_(\d+)>>/g;

/** The placeholder numbers already in `texts`: a new secret must not take one of them. */
function numbersIn(texts: readonly string[]): Set<number> {
  return new Set(texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((match) => Number(match[1]))));
}

interface SessionOptions {
  /** values to replace wherever they appear (shared by the redactor's sessions) */
  known?: KnownSecrets;
  /** texts whose placeholders are taken already (a repair prompt quoting earlier code) */
  reserved?: readonly string[];
  firstNumber?: number;
}

function createSession(options: SessionOptions = {}): RedactionSession {
  const bySecret = new Map<string, string>();
  const taken = numbersIn(options.reserved ?? []);
  let next = options.firstNumber ?? 1;
  // values found in this request, looked for by value in all of its texts
  const seen = new KnownSecrets();
  const placeholderOf = (secret: string) => {
    let placeholder = bySecret.get(secret);
    if (!placeholder) {
      while (taken.has(next)) next++;
      placeholder = `<<SECRET_${next++}>>`;
      bySecret.set(secret, placeholder);
    }
    return placeholder;
  };
  const replace = (text: string, spans: { start: number; end: number; value: string }[]) => {
    let result = '';
    let cursor = 0;
    for (const span of spans) {
      result += text.slice(cursor, span.start) + placeholderOf(span.value);
      cursor = span.end;
    }
    return result + text.slice(cursor);
  };
  return {
    redact(text: string): string {
      for (const number of numbersIn([text])) taken.add(number);
      const matches = findSecrets(text).map((match) => ({
        ...match,
        value: text.slice(match.start, match.end),
      }));
      for (const match of matches) {
        seen.add(match.value);
        // HTTP Basic credentials: their password is a secret wherever else it appears, plain or encoded
        if (match.kind === 'http-basic-credentials') seen.add(basicPassword(match.value) ?? '');
      }
      let result = replace(text, matches);
      // then by value: the same secrets elsewhere in the text, and the workspace's
      for (const known of [seen, options.known]) {
        if (!known || known.size === 0) continue;
        const spans = known.find(result).filter((span) => !isInsidePlaceholder(result, span.start));
        if (spans.length > 0) result = replace(result, spans);
      }
      return result;
    },
    get count() {
      return bySecret.size;
    },
    placeholders: () => [...bySecret.values()],
  };
}

/** A value found inside a placeholder (`SECRET_1`) is the placeholder, not a secret. */
function isInsidePlaceholder(text: string, index: number): boolean {
  const open = text.lastIndexOf('<<SECRET_', index);
  return open >= 0 && open + 9 <= index && text.indexOf('>>', open) >= index;
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
  const present = [...numbersIn(texts.filter((text): text is string => text !== undefined))];
  const session = createSession({ firstNumber: Math.max(0, ...present) + 1 });
  const redacted = texts.map((text) =>
    text === undefined ? undefined : session.redact(text),
  ) as unknown as T;
  const placeholders = new Set(
    redacted.flatMap((text) => [...(text ?? '').matchAll(PLACEHOLDER)].map((match) => match[0])),
  );
  return { texts: redacted, count: placeholders.size };
}
