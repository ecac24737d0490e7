import { join } from 'node:path';
import { z } from 'zod';
import { parseExternalJson } from './external-data.js';
import { packageRoot, shippedText } from './package-root.js';

/** What vouch reads of its own package.json. */
const packageManifest = z.looseObject({ version: z.string() });

/** vouch's version, from its own package.json (read once, checked against a schema). */
export function packageVersion(): string {
  return parseExternalJson({
    text: shippedText('package.json'),
    schema: packageManifest,
    source: join(packageRoot(), 'package.json'),
  }).version;
}
