// @ts-nocheck — a labelled scanner sample, not code of this project
import { createHash } from 'crypto';

export function signature(body: string, secret: string): string {
  return createHash('sha1').update(secret + body).digest('hex');
}
