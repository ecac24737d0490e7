import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import { UsageError } from '../core/errors.js';

/** One parsed JSON Lines record with the 1-based line it came from, so errors can name `file:line`. */
export interface JsonlRecord<T> {
  value: T;
  line: number;
}

/** Reads a `.jsonl` or `.jsonl.gz` file as text; a missing file is a usage error that names the path. */
export function readJsonlText(file: string, hint: string): string {
  if (!existsSync(file)) throw new UsageError(`cannot find ${file}`, { hint });
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'record'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses every non-blank line with `schema`. The first bad line throws a UsageError naming `file:line` and
 * what was wrong, because a silently skipped record would change pass@k.
 */
export function parseJsonl<T>({
  file,
  text,
  schema,
  hint,
}: {
  file: string;
  text: string;
  schema: z.ZodType<T>;
  hint: string;
}): JsonlRecord<T>[] {
  const records: JsonlRecord<T>[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.trim();
    if (!raw) continue;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new UsageError(`${file}:${line}: not valid JSON (${(error as Error).message})`, { hint });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new UsageError(`${file}:${line}: ${describeIssues(parsed.error)}`, { hint });
    }
    records.push({ value: parsed.data, line });
  }
  return records;
}

export function readJsonl<T>(file: string, schema: z.ZodType<T>, hint: string): JsonlRecord<T>[] {
  return parseJsonl({ file, text: readJsonlText(file, hint), schema, hint });
}
