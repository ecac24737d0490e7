import type { AgreementMatrix, MatrixOptions } from './matrix.js';
import { runNodeMatrix } from './node-matrix.js';
import { runPythonMatrix } from './python-matrix.js';

/**
 * Runs every candidate against every assertion in the sandbox: `passes[candidate][assertion]` and what the
 * run learnt on the way (which candidates are the same program, which hang, which assertions are broken,
 * what each candidate computed). A candidate that cannot be defined passes nothing.
 */
export function runAgreementMatrix(options: MatrixOptions): Promise<AgreementMatrix> {
  return options.language === 'python' ? runPythonMatrix(options) : runNodeMatrix(options);
}
