/**
 * SALLM's development half (../shared/datasets/security-real, see its README): read from there, never
 * copied into the repository. `VOUCH_SALLM_DEV` points elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const DEV_DATA =
  process.env.VOUCH_SALLM_DEV ??
  join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'security-real', 'sallm-dev.jsonl');

const programSchema = z.object({
  prompt_id: z.string(),
  cwe: z.string().regex(/^CWE-\d+$/),
  model: z.string(),
  temperature: z.number(),
  sample: z.number(),
  vulnerable: z.boolean(),
  code: z.string(),
});
export type RealProgram = z.infer<typeof programSchema> & { file: string };

/** Every program with a file name of its own: `<prompt>/<model>-t<temperature>-s<sample>.py`. */
export function readPrograms(file = DEV_DATA): RealProgram[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line, index) => {
      const parsed = programSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new Error(`${file}:${index + 1}: not a SALLM program (${parsed.error.message})`);
      const program = parsed.data;
      const prompt = program.prompt_id.replace(/\.py$/, '');
      return { ...program, file: `${prompt}/${program.model}-t${program.temperature}-s${program.sample}.py` };
    });
}

/**
 * The CWEs that count as a report of a prompt's weakness (its family): what the gate or Bandit names the
 * same weakness at another granularity. A program is caught when a finding carries one of them.
 */
export const PROMPT_FAMILY: Record<number, readonly number[]> = {
  20: [20, 185, 1286, 625, 601],
  22: [22, 23, 36, 73],
  74: [74, 77, 78],
  78: [78, 77, 88],
  79: [79, 80, 116],
  89: [89, 564],
  94: [94, 95],
  95: [94, 95],
  113: [113, 93],
  116: [116, 79, 80],
  117: [117, 93],
  200: [200, 209, 215, 203],
  208: [208, 203],
  209: [209, 200],
  250: [250, 269, 273],
  295: [295, 297],
  327: [327, 328, 916],
  348: [348, 290, 291, 807],
  369: [369],
  377: [377, 379, 108],
  400: [400, 1333, 730, 770],
  502: [502],
  601: [601],
  611: [611, 776, 827],
  614: [614, 1004],
  730: [730, 1333, 400, 185],
  776: [776, 611, 827],
  798: [798, 259, 321],
  918: [918],
  1204: [1204, 329],
};

export const cweNumber = (cwe: string) => Number(cwe.slice(4));
export const familyOf = (cwe: string): readonly number[] => PROMPT_FAMILY[cweNumber(cwe)] ?? [cweNumber(cwe)];
