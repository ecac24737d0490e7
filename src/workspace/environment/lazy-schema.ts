import { createRequire } from 'node:module';
import type { z as Zod } from 'zod';

const require = createRequire(import.meta.url);

/**
 * Schemas made on first use. zod is about 90 modules (≈ 80 ms of CPU to load), and a workspace without the
 * manifests and lockfiles these schemas check never needs it, so `vouch context` on such a tree starts
 * without it. Loaded with `require` because the readers are synchronous.
 */
export function lazySchema<T>(make: (z: typeof Zod) => T): () => T {
  let schema: T | undefined;
  return () => {
    schema ??= make((require('zod') as { z: typeof Zod }).z);
    return schema;
  };
}
