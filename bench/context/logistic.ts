/**
 * Logistic regression by Newton's method with an L2 penalty, for fitting the context's ranking
 * (./fit-ranking.ts): small (a few dozen weights), exact and dependency-free.
 */
export interface LogisticRow {
  features: readonly number[];
  label: 0 | 1;
  /** added to the row's linear term: the part of the model that is fixed, not fitted */
  offset?: number;
}

/** Weights for the `fitted` feature indexes that maximise the penalised likelihood of `rows`. */
export function fitLogistic(
  rows: readonly LogisticRow[],
  fitted: readonly number[],
  penalty = 1,
  iterations = 100,
): number[] {
  const k = fitted.length;
  const w = new Array<number>(k).fill(0);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = w.map((value) => penalty * value);
    const hessian = Array.from({ length: k }, (_, i) =>
      Array.from({ length: k }, (__, j) => (i === j ? penalty : 0)),
    );
    for (const { features, label, offset } of rows) {
      let z = offset ?? 0;
      for (let i = 0; i < k; i++) z += w[i]! * features[fitted[i]!]!;
      const p = 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, z))));
      const s = p * (1 - p);
      for (let i = 0; i < k; i++) {
        const xi = features[fitted[i]!]!;
        if (xi === 0) continue;
        gradient[i]! += (p - label) * xi;
        const row = hessian[i]!;
        for (let j = 0; j < k; j++) row[j]! += s * xi * features[fitted[j]!]!;
      }
    }
    const step = solve(hessian, gradient);
    for (let i = 0; i < k; i++) w[i]! -= step[i]!;
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  return w;
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
export function solve(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++)
      if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let row = col + 1; row < n; row++) {
      const factor = m[row]![col]! / m[col]![col]!;
      for (let j = col; j <= n; j++) m[row]![j]! -= factor * m[col]![j]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = m[row]![n]!;
    for (let j = row + 1; j < n; j++) sum -= m[row]![j]! * x[j]!;
    x[row] = sum / m[row]![row]!;
  }
  return x;
}
