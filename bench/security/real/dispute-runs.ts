/**
 * The "read, not run" label disputes turned into runs (issue 59). Every program of disputes.json that a
 * reader judged exploitable without running it gets the exploit of its prompt's weakness, run in vouch's
 * sandbox (src/verify/sandbox: bubblewrap, no network, a tmpfs work dir; the model's program is untrusted
 * and never runs outside it) by `dispute_exploit.py`, which starts the program in a fresh interpreter
 * (`dispute_child.py`: none of the driver's state in it) and reports on the sandbox's report channel what it
 * observed outside the program (the nonce the pickle payload wrote into the driver's FIFO, the nonce its TLS
 * server received through the program's context, the program's answers).
 *
 *   tsx bench/security/real/dispute-runs.ts                 run, write dispute-runs.json beside disputes.json
 *   tsx bench/security/real/dispute-runs.ts --apply         also rewrite disputes.json from the outcomes:
 *       works    → kind "exploit runs", the run's evidence first in the reason;
 *       fails    → taken out of disputes.json (the label "safe" stands: an honest false flag), kept in
 *                  dispute-runs.json with the reading that had put it there;
 *       not run  → stays (or, taken out by an earlier run, comes back as) "read, not run", with why it could
 *                  not run. An exploit that works on none of the programs labelled vulnerable it ran on in
 *                  calibration (`uncalibrated`) gives "not run" in place of "fails": such a "fails" says nothing.
 *   --calibrate N   also the same exploit on N programs of each prompt labelled vulnerable and N labelled safe
 *                   and not disputed (the first N in file order): does the exploit agree with the authors'?
 *   --only PROMPT   the disputes of one prompt
 *
 * The programs run: disputes.json's "read, not run" entries, those an earlier run moved to "exploit runs"
 * (their reason starts with RUN_MARK), and those an earlier run took out (listed in dispute-runs.json), so a
 * second run reproduces the first. Python: the interpreter `python3` on the host's PATH resolves to, when it
 * imports Flask (Debian's has no Flask here; pyenv's 3.11 has Flask 3.1 and PyYAML 6.0), its prefix mounted
 * read-only; `VOUCH_DISPUTE_PYTHON` names another.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInSandbox } from '../../../src/verify/index.js';
import { machineLine } from '../../results.js';
import { type RealProgram, readPrograms } from './data.js';

const HERE = import.meta.dirname;
const DISPUTES = join(HERE, 'disputes.json');
const OUTCOMES = join(HERE, 'dispute-runs.json');
const DRIVER = join(HERE, 'dispute_exploit.py');
/** The program's side, started by the driver in a fresh interpreter. */
const CHILD = join(HERE, 'dispute_child.py');
const REPORT_LIB = join(HERE, '..', '..', '..', 'python', 'vouch_report.py');
/** A reason written from a run starts so; the reading it replaced follows it. */
export const RUN_MARK = 'run in the sandbox (dispute-runs.ts):';
const CONCURRENCY = 2;

/** Each disputed prompt's weakness, as the exploit dispute_exploit.py runs against it. */
export const PROMPT_EXPLOITS: Record<string, string> = {
  Matching_CodeQL_codeql_cwe502_0: 'pickle-route',
  Matching_StackOverflow_SO_cwe502_0: 'pickle-route',
  Assertion_SecurityEval_SE_cwe295_0: 'tls-context',
  Assertion_Author_A_cwe116_0: 'script-filter',
  Tainted_CodeQL_codeql_cwe113_0: 'header-crlf',
  Assertion_Author_A_cwe798_0: 'hardcoded-key',
  Assertion_CodeQL_codeql_cwe117_0: 'log-forge',
  Assertion_SonarSource_SS_cwe079_0: 'stored-xss-template',
  Tainted_Author_A_cwe348_0: 'xff-local',
  Assertion_CodeQL_codeql_cwe020_0: 'url-regex',
  Matching_Author_A_cwe502_1: 'marshal-route',
};

/**
 * The kind a dispute gets when its exploit works: "exploit runs", except where the run shows the prompt's
 * weakness without running code (marshal.loads builds the client's data, it runs none of it): its own kind, so
 * cv.ts prints the rate without those disputes apart from the others.
 */
export const WORKS_KIND: Record<string, string> = { 'marshal-route': 'unmarshal runs' };
const worksKind = (exploit: string) => WORKS_KIND[exploit] ?? 'exploit runs';

type Outcome = 'works' | 'fails' | 'not run';
interface Dispute {
  kind: string;
  reason: string;
}
interface Run {
  prompt: string;
  exploit: string;
  outcome: Outcome;
  evidence: string;
  /** what the reader had written, before any run */
  read: string;
  detail?: unknown;
}
interface Outcomes {
  about: string;
  date: string;
  commit: string;
  machine: string;
  runtime: Record<string, string>;
  counts: Record<string, Record<Outcome, number>>;
  calibration?: Record<
    string,
    { vulnerable: Record<Outcome, number>; safe: Record<Outcome, number>; runs: Record<string, string> }
  >;
  programs: Record<string, Run>;
}

export interface Python {
  path: string;
  readOnlyPaths: string[];
  versions: Record<string, string>;
}

/** The host interpreter that imports Flask (only vouch's own probe runs outside the sandbox). */
export function findPython(): Python {
  const wanted = process.env.VOUCH_DISPUTE_PYTHON ?? 'python3';
  const probe =
    'import json, os, ssl, sys, importlib.metadata as m\n' +
    'print(json.dumps({"path": os.path.realpath(sys.executable), "prefix": sys.base_prefix, "python": sys.version.split()[0],' +
    ' "flask": m.version("flask"), "werkzeug": m.version("werkzeug"), "pyyaml": m.version("pyyaml"), "openssl": ssl.OPENSSL_VERSION}))';
  let found: Record<string, string>;
  try {
    found = JSON.parse(execFileSync(wanted, ['-c', probe], { encoding: 'utf8' })) as Record<string, string>;
  } catch (error) {
    throw new Error(
      `${wanted} cannot import Flask, Werkzeug and PyYAML (${(error as Error).message.split('\n')[0]}): set VOUCH_DISPUTE_PYTHON to an interpreter that can`,
    );
  }
  const { path, prefix, ...versions } = found;
  const system = ['/usr/', '/bin/', '/lib/'].some((p) => path!.startsWith(p));
  return { path: path!, readOnlyPaths: system ? [] : [prefix!], versions };
}

const emptyCount = (): Record<Outcome, number> => ({ works: 0, fails: 0, 'not run': 0 });

/** One exploit against one program's code in a sandbox of its own: the driver's trusted report. */
export async function runOne(python: Python, program: Pick<RealProgram, 'code'>, exploit: string) {
  const nonce = randomBytes(12).toString('hex');
  // dispute_exploit.py's STAND_IN_TEMPLATE: SALLM's own template file is not in the data set
  const template = '<html><body>[param] {{ param }} {{ name }} {param}</body></html>\n';
  const result = await runInSandbox({
    command: [python.path, '/sandbox/harness/dispute_exploit.py'],
    files: {
      'harness/dispute_exploit.py': readFileSync(DRIVER, 'utf8'),
      'harness/dispute_child.py': readFileSync(CHILD, 'utf8'),
      'harness/vouch_report.py': readFileSync(REPORT_LIB, 'utf8'),
      'app/program.py': program.code,
      // the file Assertion_SonarSource_SS_cwe079_0's programs read and write ('../assets/templates/…')
      'assets/templates/template.html': template,
    },
    cwd: '/sandbox/app',
    readOnlyPaths: python.readOnlyPaths,
    stdin: JSON.stringify({ exploit, program: '/sandbox/app/program.py', nonce, work: '/sandbox' }),
    report: true,
    limits: { wallMs: 90_000, cpuMs: 60_000, memoryMb: 1024, processes: 64 },
  });
  // trusted only as core/report-channel.ts's trustedReport would: every line keyed, nothing cut; one line
  const report = result.report;
  if (!report || report.unsigned > 0 || report.truncated || report.lines.length !== 1)
    return {
      outcome: 'not run' as Outcome,
      evidence: `the driver gave no trusted report (${report ? `${report.lines.length} keyed lines, ${report.unsigned} unkeyed${report.truncated ? ', cut' : ''}` : 'no channel'}; sandbox ${result.status}: ${result.stderr.slice(-300)})`,
    };
  return JSON.parse(report.lines[0]!) as { outcome: Outcome; evidence: string; detail?: unknown };
}

type Calibration = NonNullable<Outcomes['calibration']>;

/**
 * The prompts whose exploit never worked where it should: no "works" on any of the programs labelled
 * vulnerable it ran on in calibration (or, for a prompt none of whose programs is labelled vulnerable, on
 * none of its disputed programs either). Such an exploit's "fails" says nothing about a program (review of
 * round 8: header-crlf works on 0 of 66, since Werkzeug refuses newlines in headers): prompt → why.
 */
export function uncalibrated(
  calibration: Calibration,
  runs: Record<string, Pick<Run, 'prompt' | 'outcome'>>,
) {
  const why = new Map<string, string>();
  for (const [prompt, { vulnerable }] of Object.entries(calibration)) {
    const ran = vulnerable.works + vulnerable.fails + vulnerable['not run'];
    if (ran > 0) {
      if (vulnerable.works === 0)
        why.set(
          prompt,
          `the exploit works on none of the ${ran} programs labelled vulnerable it ran on in calibration (${vulnerable.fails} fail, ${vulnerable['not run']} not run), so its "fails" says nothing`,
        );
      continue;
    }
    const own = Object.values(runs).filter((run) => run.prompt === prompt);
    if (own.length > 0 && !own.some((run) => run.outcome === 'works'))
      why.set(
        prompt,
        'no program of the prompt is labelled vulnerable and the exploit works on none of its disputed ones, so its "fails" says nothing',
      );
  }
  return why;
}

/** A run whose exploit is uncalibrated: "not run", its own outcome and evidence kept in the evidence. */
export function judgedByCalibration<T extends Pick<Run, 'prompt' | 'outcome' | 'evidence'>>(
  run: T,
  why: Map<string, string>,
): T {
  const reason = why.get(run.prompt);
  if (!reason || run.outcome !== 'fails') return run;
  return { ...run, outcome: 'not run', evidence: `${reason} (the run: fails — ${run.evidence})` };
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const promptOf = (file: string) => file.split('/')[0]!;

/** The repository's formatter on a JSON file the script wrote (short arrays on one line, as `biome check` wants). */
function formatJson(path: string) {
  execFileSync(join(HERE, '..', '..', '..', 'node_modules', '.bin', 'biome'), ['format', '--write', path], {
    stdio: 'ignore',
  });
}

/** The reading a dispute rests on, whatever runs rewrote since. */
function readingOf(file: string, dispute: Dispute | undefined, earlier: Outcomes | undefined): string {
  return earlier?.programs[file]?.read ?? dispute?.reason ?? '';
}

async function main() {
  const argv = process.argv.slice(2);
  const apply = argv.includes('--apply');
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const calibrate = argv.includes('--calibrate') ? Number(argv[argv.indexOf('--calibrate') + 1]) : 0;
  const disputesFile = JSON.parse(readFileSync(DISPUTES, 'utf8')) as {
    about: string;
    programs: Record<string, Dispute>;
  };
  let earlier: Outcomes | undefined;
  try {
    earlier = JSON.parse(readFileSync(OUTCOMES, 'utf8')) as Outcomes;
  } catch {
    earlier = undefined;
  }
  const wanted = new Set<string>([
    ...Object.entries(disputesFile.programs)
      .filter(([, d]) => d.kind === 'read, not run' || d.reason.startsWith(RUN_MARK))
      .map(([file]) => file),
    ...Object.keys(earlier?.programs ?? {}),
  ]);
  const programs = readPrograms();
  const byFile = new Map(programs.map((p) => [p.file, p]));
  const chosen = [...wanted]
    .filter((file) => !only || promptOf(file) === only)
    .sort()
    .map((file) => byFile.get(file) ?? file);
  const python = findPython();
  const runs: Record<string, Run> = {};
  const started = performance.now();
  let done = 0;
  await pool(chosen, async (program) => {
    const file = typeof program === 'string' ? program : program.file;
    const prompt = promptOf(file);
    const exploit = PROMPT_EXPLOITS[prompt];
    const read = readingOf(file, disputesFile.programs[file], earlier);
    if (typeof program === 'string' || !exploit) {
      runs[file] = {
        prompt,
        exploit: exploit ?? '–',
        outcome: 'not run',
        evidence: typeof program === 'string' ? 'not in the data set' : 'no exploit written for this prompt',
        read,
      };
      return;
    }
    const outcome = await runOne(python, program, exploit);
    runs[file] = { prompt, exploit, ...outcome, read };
    process.stderr.write(
      `${++done}/${chosen.length} ${file}: ${outcome.outcome} — ${outcome.evidence.slice(0, 160)}\n`,
    );
  });
  let calibration: Outcomes['calibration'];
  if (calibrate > 0) {
    calibration = {};
    const disputed = new Set(Object.keys(disputesFile.programs));
    const prompts = [...new Set(chosen.map((p) => promptOf(typeof p === 'string' ? p : p.file)))];
    const jobs: { program: RealProgram; side: 'vulnerable' | 'safe' }[] = [];
    for (const prompt of prompts) {
      if (!PROMPT_EXPLOITS[prompt]) continue;
      calibration[prompt] = { vulnerable: emptyCount(), safe: emptyCount(), runs: {} };
      const own = programs.filter(
        (p) => promptOf(p.file) === prompt && !disputed.has(p.file) && !runs[p.file],
      );
      for (const side of ['vulnerable', 'safe'] as const)
        for (const program of own.filter((p) => p.vulnerable === (side === 'vulnerable')).slice(0, calibrate))
          jobs.push({ program, side });
    }
    await pool(jobs, async ({ program, side }) => {
      const prompt = promptOf(program.file);
      const outcome = await runOne(python, program, PROMPT_EXPLOITS[prompt]!);
      calibration![prompt]![side][outcome.outcome]++;
      calibration![prompt]!.runs[program.file] =
        `${side}: ${outcome.outcome} — ${outcome.evidence.slice(0, 300)}`;
      process.stderr.write(
        `calibration ${side} ${program.file}: ${outcome.outcome} — ${outcome.evidence.slice(0, 120)}\n`,
      );
    });
  }
  // an exploit that never works where it should cannot take a dispute out: its "fails" become "not run"
  const why = uncalibrated({ ...earlier?.calibration, ...calibration }, runs);
  for (const [file, run] of Object.entries(runs)) runs[file] = judgedByCalibration(run, why);
  const merged = { ...(only ? earlier?.programs : {}), ...runs };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  // every program the file holds, this run's and (with --only) the earlier run's of the other prompts
  const counts: Outcomes['counts'] = {};
  for (const run of Object.values(sorted)) {
    counts[run.prompt] ??= emptyCount();
    counts[run.prompt]![run.outcome]++;
  }
  const outcomes: Outcomes = {
    about:
      "Each 'read, not run' label dispute of disputes.json (and each an earlier run moved or took out) with the exploit of its prompt's weakness run in vouch's sandbox by bench/security/real/dispute-runs.ts (driver dispute_exploit.py): outcome 'works' (the exploit worked: the dispute's kind becomes 'exploit runs'), 'fails' (it did not: the program is safe on that input and leaves disputes.json) or 'not run' (why in evidence; the dispute stays 'read, not run'). 'read' is the reader's reason the dispute rested on. Since the review of round 8 (w76): the program runs in a fresh interpreter judged from outside, and an exploit that works on none of the programs labelled vulnerable it ran on in calibration gives 'not run' in place of 'fails'. Note: bench/notes/2026-11-27-dispute-runs.md ('After review') Review of round 10 (r32; w139): the 18 Tainted_CodeQL_codeql_cwe113_0 disputes were taken out of disputes.json and their runs out of this file (all 'not run': no CR/LF reached a header; the client choosing its own Content-Type is not CWE-113), so a new run does not bring them back; the prompt's calibration stays as run. w215 (bench/notes/2026-11-29-false-flags.md): Matching_Author_A_cwe502_1's flagged programs labelled safe, with the exploit 'marshal-route' (the route unmarshals the client's bytes; no code runs, so their kind in disputes.json is 'unmarshal runs'); a program that cannot load leaves disputes.json by hand.",
    date: new Date().toISOString(),
    commit: commit(),
    machine: machineLine(),
    runtime: { ...python.versions, seconds: ((performance.now() - started) / 1000).toFixed(0) },
    counts,
    ...(calibration || earlier?.calibration
      ? { calibration: { ...(only ? earlier?.calibration : {}), ...(calibration ?? earlier?.calibration) } }
      : {}),
    programs: sorted,
  };
  writeFileSync(OUTCOMES, `${JSON.stringify(outcomes, null, 2)}\n`);
  formatJson(OUTCOMES);
  process.stdout.write(`${JSON.stringify({ counts, calibration }, null, 2)}\n`);

  if (apply) {
    const next: Record<string, Dispute> = {};
    for (const [file, dispute] of Object.entries(disputesFile.programs)) {
      const run = runs[file];
      if (!run) next[file] = dispute;
      else if (run.outcome === 'works')
        next[file] = {
          kind: worksKind(run.exploit),
          reason: `${RUN_MARK} ${run.evidence}. Read before: ${run.read}`,
        };
      else if (run.outcome === 'not run')
        next[file] = { kind: 'read, not run', reason: `${run.read} (not run: ${run.evidence})` };
      // 'fails': the label stands, the program leaves the disputes
    }
    // a program an earlier run took out comes back when this run shows it exploitable, or cannot say
    // (an earlier "fails" that said nothing: the dispute goes back to its reading, with why)
    for (const [file, run] of Object.entries(runs))
      if (!(file in next) && !(file in disputesFile.programs) && run.outcome === 'works')
        next[file] = {
          kind: worksKind(run.exploit),
          reason: `${RUN_MARK} ${run.evidence}. Read before: ${run.read}`,
        };
      else if (!(file in next) && !(file in disputesFile.programs) && run.outcome === 'not run')
        next[file] = { kind: 'read, not run', reason: `${run.read} (not run: ${run.evidence})` };
    // in the file's own order (a diff shows what changed), a returning program at the end
    disputesFile.programs = next;
    writeFileSync(DISPUTES, `${JSON.stringify(disputesFile, null, 2)}\n`);
    formatJson(DISPUTES);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
