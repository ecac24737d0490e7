import type { SandboxReport } from '../../core/report-channel.js';

/** Resource limits of one sandboxed run. */
export interface SandboxLimits {
  /** wall-clock time before the whole process tree is killed */
  wallMs: number;
  /** CPU time (RLIMIT_CPU, rounded up to whole seconds) */
  cpuMs: number;
  /** writable private memory (RLIMIT_DATA); Node also gets a matching V8 heap limit */
  memoryMb: number;
  /** processes and threads (RLIMIT_NPROC, counted in the sandbox's own user namespace) */
  processes: number;
  /** largest file a program may write (RLIMIT_FSIZE) */
  fileSizeMb: number;
  /** stdout and stderr are each cut after this many bytes (`truncated` says so) */
  outputBytes: number;
  /** size of the work dir and of /tmp (each a tmpfs), so filling the disk fills only these */
  diskMb: number;
}

export const DEFAULT_LIMITS: SandboxLimits = {
  wallMs: 10_000,
  cpuMs: 10_000,
  memoryMb: 512,
  processes: 64,
  fileSizeMb: 64,
  outputBytes: 1 << 20,
  diskMb: 256,
};

export interface SandboxRequest {
  /** argv; the first element is looked up on the sandbox's PATH */
  command: string[];
  /** files written into the fresh scratch work directory before the run (relative path → content) */
  files?: Record<string, string | Uint8Array>;
  /** working directory inside the sandbox; default the scratch work directory */
  cwd?: string;
  /** mounted read-only at its own path */
  projectDir?: string;
  /**
   * files laid over the read-only project view at paths relative to `projectDir` (the generated code
   * placed where it would go); the user's files are never touched
   */
  overlay?: Record<string, string | Uint8Array>;
  /** extra read-only mounts at their own paths (e.g. an interpreter installed outside /usr) */
  readOnlyPaths?: string[];
  /** added to the clean environment (PATH, LANG, HOME=work dir); nothing of the host's leaks in */
  env?: Record<string, string>;
  stdin?: string;
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
  /** run without bubblewrap (the user said so explicitly); the result says `sandboxed: false` */
  unsafeNoSandbox?: boolean;
  /**
   * a report channel the program's verdict travels on (report-channel.ts): two descriptors named in its
   * environment and a key made for this run; the result's `report` holds what came on it
   */
  report?: boolean;
  /**
   * someone waits for this run now (the quick checks of a buffer, a completion's compile): admitted ahead
   * of runs that are not urgent, and a little beyond the count cap (admission.ts)
   */
  urgent?: boolean;
}

export type SandboxStatus = 'ok' | 'failed' | 'timeout' | 'memory' | 'killed' | 'error';

export interface SandboxResult {
  status: SandboxStatus;
  exitCode: number | null;
  /** the signal that ended the program, e.g. `SIGKILL` */
  signal?: string;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** stdout or stderr was cut at `outputBytes` */
  truncated: boolean;
  sandboxed: boolean;
  /** why the status is what it is, when it is not `ok` (or why the run is unsafe) */
  reason?: string;
  /**
   * a warm Python worker's job with `checkHeld`: a module file the worker holds changed since it imported
   * it, so nothing ran (the caller replaces the worker)
   */
  stale?: string;
  /** with `report`: what the program wrote on its report channel, split by this run's key */
  report?: SandboxReport;
}

/** Where the scratch work directory appears inside the sandbox (also HOME). */
export const SANDBOX_WORK_DIR = '/sandbox';

export function resolveLimits(limits: Partial<SandboxLimits> | undefined): SandboxLimits {
  const merged = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits ?? {})) {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
      merged[key as keyof SandboxLimits] = value;
    }
  }
  return merged;
}
