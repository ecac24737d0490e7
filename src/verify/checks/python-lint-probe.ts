import { shippedText } from '../../core/package-root.js';

/** Undefined names and unused imports from Python's own `ast` and `symtable`, run in the sandbox; a JSON list on stdout. The source is `python/lint_probe.py`, shipped with the package. */
export function pythonLintProbe(): string {
  return shippedText('python/lint_probe.py');
}
