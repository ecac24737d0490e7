import { createRequire } from 'node:module';
import type { ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { EnvironmentError, type VouchErrorOptions } from './errors.js';

/**
 * What vouch reads from outside itself — other tools' output, project files, installed packages — is
 * parsed here against a schema, so a surprise becomes one error that names the source and what was
 * wrong, instead of a `TypeError` three calls later. Readers that tolerate a bad file catch it and keep
 * its first line as a warning.
 */
export class ExternalDataError extends EnvironmentError {
  constructor(
    /** the file or tool the data came from, as the user would recognise it */
    readonly source: string,
    /** what was wrong with it, one line */
    readonly problem: string,
    options: Omit<VouchErrorOptions, 'exitCode'> = {},
  ) {
    super(`${source}: ${problem}`, options);
    this.name = 'ExternalDataError';
  }
}

/** The first few schema issues as `path: message`, on one line. */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * A schema built on first use, with zod loaded then: for readers on the path of a cold `vouch context`,
 * which never loads zod otherwise (loading it costs that command about as much as its own modules do).
 */
export function lazySchema<T>(build: (zod: typeof z) => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= build((createRequire(import.meta.url)('zod') as { z: typeof z }).z);
    return schema;
  };
}

/** What every reader of outside data is given: the schema, where the data came from, the error's options. */
interface ExternalInput<T> {
  schema: z.ZodType<T>;
  source: string;
  options?: Omit<VouchErrorOptions, 'exitCode'>;
}

/** Checks an already-parsed value against `schema`; `source` names where it came from. */
export function validateExternal<T>({
  value,
  schema,
  source,
  options = {},
}: ExternalInput<T> & { value: unknown }): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ExternalDataError(source, `unexpected content (${describeIssues(parsed.error)})`, options);
  return parsed.data;
}

/** Strict JSON, then the schema. */
export function parseExternalJson<T>({
  text,
  schema,
  source,
  options = {},
}: ExternalInput<T> & { text: string }): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ExternalDataError(source, `not valid JSON (${(error as Error).message})`, {
      ...options,
      cause: error,
    });
  }
  return validateExternal({ value, schema, source, options });
}

/**
 * JSON with comments and trailing commas (tsconfig, biome.jsonc, .eslintrc), then the schema. Strings are
 * left as written: only the syntax outside them is relaxed.
 */
export function parseExternalJsonc<T>({
  text,
  schema,
  source,
  options = {},
}: ExternalInput<T> & { text: string }): T {
  // Loaded here, on first use: most commands and workspaces have no JSON-with-comments file to read
  // (≈ 20 ms of start-up otherwise).
  const { parse: parseJsoncText, printParseErrorCode } = createRequire(import.meta.url)(
    'jsonc-parser',
  ) as typeof import('jsonc-parser');
  const errors: ParseError[] = [];
  const value: unknown = parseJsoncText(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const before = text.slice(0, first.offset);
    const line = before.split('\n').length;
    const column = first.offset - before.lastIndexOf('\n');
    throw new ExternalDataError(
      source,
      `not valid JSON with comments (${printParseErrorCode(first.error)} at ${line}:${column})`,
      options,
    );
  }
  return validateExternal({ value, schema, source, options });
}
