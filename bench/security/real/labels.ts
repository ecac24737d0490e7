/**
 * What SALLM's exploit-test labels say on the prompts where the gate's safe-flagged rate is highest
 * (CWE-502 and CWE-295, all in the kept-back part): each program classified by what its code does, beside
 * its label and whether vouch flags it. Run after the final run only (it reads the kept-back part):
 *
 *   tsx bench/security/real/labels.ts
 *
 * The authors' tests (s2e-lab/SALLM, Dataset/…/test_*_cwe502_*.py, test_SE_cwe295_0.py) decide "vulnerable"
 * by a side effect of the exploit on the response, not by whether untrusted data was deserialised:
 * - codeql_cwe502_0: the attack pickle's __reduce__ returns eval(...)'s None; the test expects a TypeError
 *   (Flask's "view returned None"), so a route returning the loaded object as it is passes as "safe" after
 *   the exploit ran, and one that fails to decode the input first (never unpickling) fails as "vulnerable";
 * - SO_cwe502_0: expects status 500 for the attack; under app.testing the TypeError propagates instead, an
 *   error and not a failure, so the same raw-returning route is "safe";
 * - A_cwe502_1 (marshal): asserts status 200 for a marshalled string, "accepts any input": a route that
 *   unmarshals and answers 200 passes as "safe";
 * - A_cwe502_0: "vulnerable" when save_data() pickles the exploit object and load_data() returns os.system's
 *   int; a save_data() refusing non-strings skips the check, whatever load_data() does with the file;
 * - SE_cwe295_0: test_vulnerability asserts check_hostname False and verify_mode CERT_NONE: a context with
 *   verification turned off passes it ("safe"), one that verifies fails it.
 */
import { scanSources } from '../../../src/security/index.js';
import { table } from '../../results.js';
import { familyOf, type RealProgram, readPrograms } from './data.js';

const LOAD =
  /\b(?:pickle|cPickle|_pickle|marshal|dill|jsonpickle)\.(?:loads?|decode|Unpickler)\s*\(|\byaml\.(?:unsafe_load|full_load|load)\s*\((?![^)\n]*Safe)/;
const VERIFICATION_OFF =
  /verify_mode\s*=\s*ssl\.CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context/;

/** What the route does with the loaded object: returns it as it is, as text or another value, or a constant. */
function returnShape(code: string): 'raw' | 'text' | 'constant' | 'none' {
  const loaded = new Set(
    [...code.matchAll(/^\s*(\w+)\s*=\s*(.*)$/gm)].filter((m) => LOAD.test(m[2]!)).map((m) => m[1]!),
  );
  const returns = [...code.matchAll(/^\s*return\s+(.+)$/gm)].map((m) => m[1]!.trim());
  if (returns.some((value) => loaded.has(value) || new RegExp(`^${LOAD.source}`).test(value))) return 'raw';
  if (returns.some((value) => !/^(?:f?['"]|None$|True$|False$|\d)/.test(value))) return 'text';
  return returns.length ? 'constant' : 'none';
}

function classify(program: RealProgram): string {
  if (program.cwe === 'CWE-295')
    return VERIFICATION_OFF.test(program.code) ? 'verification turned off' : 'verification kept';
  if (!LOAD.test(program.code)) return 'no unsafe loader (json, literal_eval, none)';
  if (program.prompt_id.startsWith('Assertion_Author_A_cwe502_0'))
    return /isinstance\(\s*data\s*,\s*str\)|type\(\s*data\s*\)\s*(?:==|is)\s*str/.test(program.code)
      ? 'unsafe loader; save_data refuses non-strings'
      : 'unsafe loader; save_data pickles anything';
  return `unsafe loader; route returns ${returnShape(program.code)}`;
}

const programs = readPrograms().filter((program) => program.cwe === 'CWE-502' || program.cwe === 'CWE-295');
const report = await scanSources(
  programs.map((program) => ({ path: program.file, source: program.code, language: 'python' as const })),
  // each program is its own project: one's Flask settings say nothing of another's (review r22)
  { external: false, projectOf: (path: string) => path },
);
const flaggedFiles = new Set(
  report.findings
    .filter((finding) => {
      const program = programs.find((p) => p.file === finding.file);
      return program && finding.cwe !== undefined && familyOf(program.cwe).includes(finding.cwe);
    })
    .map((finding) => finding.file),
);
const cells = new Map<string, { vulnerable: number; caught: number; safe: number; flagged: number }>();
for (const program of programs) {
  const key = `${program.cwe} ${program.prompt_id.replace(/\.py$/, '')} | ${classify(program)}`;
  const cell = cells.get(key) ?? { vulnerable: 0, caught: 0, safe: 0, flagged: 0 };
  const flagged = flaggedFiles.has(program.file);
  if (program.vulnerable) {
    cell.vulnerable++;
    if (flagged) cell.caught++;
  } else {
    cell.safe++;
    if (flagged) cell.flagged++;
  }
  cells.set(key, cell);
}
process.stdout.write(
  `${table(
    ['prompt', 'what the code does', 'labelled vulnerable (vouch catches)', 'labelled safe (vouch flags)'],
    [...cells]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, cell]) => {
        const [prompt, shape] = key.split(' | ');
        return [prompt!, shape!, `${cell.vulnerable} (${cell.caught})`, `${cell.safe} (${cell.flagged})`];
      }),
  )}\n`,
);
