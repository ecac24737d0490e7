/**
 * The development half of SALLM's real model output split into a tuning part and a kept-back part, by
 * prompt (the held-out half is made of other prompts, so a prompt's programs stay together): a prompt is
 * kept back when the first 32 bits of sha256("vouch-gate-59:" + prompt id) fall below a third of their
 * range. Chosen before any result was looked at; `tsx bench/security/real/split.ts` writes split.json.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_DATA } from './data.js';

export const SPLIT_FILE = join(import.meta.dirname, 'split.json');
const SALT = 'vouch-gate-59:';
const KEPT_SHARE = 1 / 3;

export type RealPart = 'tune' | 'kept';

export function partOf(promptId: string): RealPart {
  const head = createHash('sha256')
    .update(SALT + promptId)
    .digest()
    .readUInt32BE(0);
  return head / 2 ** 32 < KEPT_SHARE ? 'kept' : 'tune';
}

export function readSplit(): Record<string, RealPart> {
  return (JSON.parse(readFileSync(SPLIT_FILE, 'utf8')) as { prompts: Record<string, RealPart> }).prompts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const prompts = [
    ...new Set(
      readFileSync(DEV_DATA, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).prompt_id as string),
    ),
  ].sort();
  const split = Object.fromEntries(prompts.map((prompt) => [prompt, partOf(prompt)]));
  const rule = `sha256("${SALT}" + prompt_id): first 32 bits / 2^32 < ${KEPT_SHARE.toFixed(4)} → kept`;
  writeFileSync(SPLIT_FILE, `${JSON.stringify({ rule, prompts: split }, null, 2)}\n`);
}
