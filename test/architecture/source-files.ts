import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The TypeScript sources under `folder` that ship: tests, `*.case.ts`, declarations and `__fixtures__` aside. */
export function sourceFiles(folder: string, found: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') sourceFiles(path, found);
    } else if (/\.tsx?$/.test(entry.name) && !/\.(?:test|case)\.tsx?$|\.d\.ts$/.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}
