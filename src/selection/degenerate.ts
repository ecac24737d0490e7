import type { AgreementMatrix, CandidateStatus } from './matrix.js';

/** How a candidate ended that leaves nothing to judge it by. */
export const UNUSABLE: ReadonlySet<CandidateStatus> = new Set([
  'syntax',
  'broken',
  'hanging',
  'budget',
  'crashing',
  'error',
]);

/** A signature entry that is a computed value (not `-` not run, `T` timed out, `E…` raised, `g…` generic). */
function isValue(entry: string | undefined): boolean {
  return (
    entry !== undefined && entry !== '-' && entry !== 'T' && !entry.startsWith('E') && !entry.startsWith('g')
  );
}

/**
 * Candidates no ranking should pick: those that do not parse, cannot be defined, hang, crash or run out of
 * budget, and those that compute nothing — they raise or time out on every input of the tests where some
 * other candidate computes a value. On CodeT's CodeGen-16B recording these are about one sample in eight
 * and almost never correct (bench/RESULTS.md, "Selection on real model output"). Without signatures
 * (TypeScript's engine computes none) only the status counts.
 */
export function degenerateCandidates(matrix: AgreementMatrix): boolean[] {
  const count = matrix.status.length;
  const informative: number[] = [];
  for (let unit = 0; unit < matrix.units; unit++) {
    for (let candidate = 0; candidate < count; candidate++) {
      if (matrix.status[candidate] === 'ok' && isValue(matrix.signatures[candidate]?.[unit])) {
        informative.push(unit);
        break;
      }
    }
  }
  return matrix.status.map((status, candidate) => {
    if (UNUSABLE.has(status)) return true;
    if (informative.length === 0) return false;
    const signature = matrix.signatures[candidate] ?? [];
    return !informative.some((unit) => isValue(signature[unit]));
  });
}
