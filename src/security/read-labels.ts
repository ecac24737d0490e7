import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { EnvironmentError } from '../core/errors.js';

/**
 * The labels of one corpus split (`<split>/labels.jsonl`), one JSON object per line, each validated by
 * `schema`: an error names the line that is wrong, calls it what it should be (`what`) and says what a line
 * needs (`hint`).
 */
export function readLabelLines<T extends z.ZodType>({
  splitDirectory,
  schema,
  what,
  hint,
}: {
  splitDirectory: string;
  schema: T;
  what: string;
  hint: string;
}): z.output<T>[] {
  const path = join(splitDirectory, 'labels.jsonl');
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '')
    .map(({ line, number }) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new EnvironmentError(`${path}:${number} is not JSON`, { hint: 'one JSON object per line' });
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        throw new EnvironmentError(`${path}:${number} is not ${what}: ${parsed.error.message}`, { hint });
      return parsed.data;
    });
}
