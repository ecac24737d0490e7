import { shippedText } from '../../core/package-root.js';

/** The import probe, run inside the sandbox with the project's interpreter: parses the candidate, imports what it uses and walks attribute chains; JSON on stdout. The source is `python/import_probe.py`, shipped with the package. */
export function pythonImportProbe(): string {
  return shippedText('python/import_probe.py');
}
