import type { SandboxReport } from '../core/report-channel.js';
import type { SplitTests, TestLanguage } from './split-tests.js';

/** What runs a program in the sandbox: the sandbox's warm pools, or anything with the same shape. */
export interface MatrixRunner {
  run(
    runtime: 'python' | 'node',
    job: {
      source: string;
      stdin?: string;
      timeoutMs?: number;
      /** files beside the program (the report channel's module) */
      files?: Record<string, string>;
      /** the program reports on a report channel (verify/sandbox/report-channel.ts), never on stdout */
      report?: boolean;
    },
  ): Promise<{ status: string; stdout: string; stderr?: string; reason?: string; report?: SandboxReport }>;
  /** how many runs may be in flight */
  readonly concurrency: number;
}

/**
 * How one candidate ended: `ok` (every assertion ran), `syntax` (does not parse: not run), `broken` (raised
 * while being defined), `hanging` (timed out `strikes` times), `budget` (ran out of its time budget),
 * `crashing` (killed its process again and again), `error` (the sandbox job itself failed).
 */
export type CandidateStatus = 'ok' | 'syntax' | 'broken' | 'hanging' | 'budget' | 'crashing' | 'error';

/**
 * Why an assertion counts or not: `ok`; `syntax` (does not parse); `undefined-name` (reads a name nothing
 * defines, so it fails everywhere: not run); `hanging` (timed out on several candidates that finish other
 * assertions, and finished on none: counted for nobody).
 */
export type AssertionStatus = 'ok' | 'syntax' | 'undefined-name' | 'hanging';

/** Every candidate against every assertion, and what else the run learnt. */
export interface AgreementMatrix {
  /** passes[candidate][assertion] */
  passes: boolean[][];
  /** candidates found to be the same program (same text, or same syntax tree) share a kind: its first index */
  kindOf: number[];
  status: CandidateStatus[];
  /**
   * per candidate, one entry per distinct probe expression: a hash of the value it computed, `E<Error>`,
   * `T` (timed out) or `-` (not run); equal signatures mean equal behaviour on the tests' inputs
   */
  signatures: string[][];
  assertionStatus: AssertionStatus[];
  /** which probe (index into a signature) decides each assertion; -1 when none does */
  assertionUnit: number[];
  /** candidate programs actually run (after merging), and distinct expressions or statements evaluated */
  runs: number;
  units: number;
  /** set when the sandbox job could not produce the matrix (then every candidate has status `error`) */
  error?: string;
}

/** Time limits and the switches the benchmark's ablations turn; the defaults are what vouch uses. */
export interface EngineSettings {
  /** one assertion (or probe); CodeT uses 0.1 s */
  testMs: number;
  /** all assertions of one candidate together */
  candidateMs: number;
  /** defining the candidate, and each prelude statement */
  setupMs: number;
  /** timeouts after which a candidate is hanging */
  strikes: number;
  /** candidates an assertion must time out on before it is dropped as hanging */
  hangVotes: number;
  /** how candidates are merged before running: exact text, syntax tree, or syntax tree with local names */
  normalise: 'text' | 'ast' | 'alpha';
  /** one forked process per candidate (else all in one interpreter) */
  isolate: boolean;
  /** evaluate each distinct expression once per candidate (else every assertion on its own) */
  probes: boolean;
  /** drop assertions that read undefined names without running them */
  validate: boolean;
  /** one interval timer checked per unit (`tick`), or one armed per unit (`setitimer`) */
  timer: 'tick' | 'setitimer';
}

export const DEFAULT_ENGINE: EngineSettings = {
  testMs: 100,
  candidateMs: 3000,
  setupMs: 1000,
  strikes: 2,
  hangVotes: 2,
  normalise: 'alpha',
  isolate: true,
  probes: true,
  validate: true,
  timer: 'tick',
};

export interface MatrixOptions {
  language: TestLanguage;
  /** complete candidate programs (for TypeScript, TypeScript source) */
  candidates: readonly string[];
  /** how many samples each candidate stands for (most common kinds run first); default 1 each */
  weights?: readonly number[];
  tests: SplitTests;
  /** bound to `candidate` before the assertions run (tests written against `check(candidate)`) */
  entryPoint?: string;
  runner: MatrixRunner;
  engine?: Partial<EngineSettings>;
}

export type { SplitTests, TestLanguage };
