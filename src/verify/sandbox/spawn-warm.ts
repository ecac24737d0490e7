import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { bwrapArgs, descriptorPlan, type SandboxDescriptors } from './bwrap-args.js';
import { hiddenProjectFiles } from './hidden-files.js';
import { completeRootHandshake } from './identity.js';
import { readSandboxInit, untilSandboxGone } from './sandbox-init.js';
import { endLiveOnExit, killGroup, writeInputs } from './spawn-limited.js';
import { SANDBOX_WORK_DIR } from './types.js';

export interface WarmChild {
  child: ChildProcess;
  /**
   * Once `child` has exited: ends what is left of its sandbox and resolves when nothing that ran in it is
   * alive (sandbox-init.ts). Resolves at once for an unsandboxed process.
   */
  untilGone(): Promise<void>;
}

export interface WarmSpawn {
  sandboxed: boolean;
  command: string[];
  env: Record<string, string>;
  /** the work-dir files, seccomp filter, handshake and extra pipes (see planDescriptors) */
  descriptors: SandboxDescriptors;
  /** the host folder the process works in (bind-mounted as the sandbox's work folder) */
  scratchDir: string;
  diskMb: number;
  projectDir?: string;
  readOnlyPaths?: string[];
}

/**
 * Starts the long-lived process of a warm pool slot: inside bubblewrap (as an unprivileged uid when vouch
 * runs as root, see identity.ts), with its inputs written to their descriptors; or, when the sandbox is
 * unavailable and the caller accepted that, directly in the scratch folder. Stdin, stdout and stderr are
 * pipes. A failed set-up kills the process, which the slot sees as a worker that died before it was ready.
 */
export function spawnWarm(options: WarmSpawn): WarmChild {
  const { descriptors } = options;
  const stdio: StdioOptions = [
    'pipe',
    'pipe',
    'pipe',
    ...Array.from({ length: descriptors.count }, () => 'pipe' as const),
  ];
  if (!options.sandboxed) {
    const [file, ...args] = options.command;
    const child = spawn(file as string, args, {
      cwd: options.scratchDir,
      env: options.env,
      detached: true,
      stdio,
    });
    return { child, untilGone: () => Promise.resolve() };
  }
  const child = spawn(
    'bwrap',
    bwrapArgs({
      files: descriptors.files,
      diskMb: options.diskMb,
      projectDir: options.projectDir,
      overlay: new Map(),
      hidden: options.projectDir ? hiddenProjectFiles(options.projectDir) : [],
      readOnlyPaths: options.readOnlyPaths ?? [],
      env: options.env,
      cwd: SANDBOX_WORK_DIR,
      command: options.command,
      ...descriptorPlan(descriptors),
    }),
    {
      cwd: options.scratchDir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      detached: true,
      stdio,
    },
  );
  writeInputs(child, descriptors.inputs, descriptors.inputFd);
  if (descriptors.liveFd !== undefined) endLiveOnExit(child, descriptors.liveFd);
  const init = descriptors.infoFd === undefined ? undefined : readSandboxInit(child, descriptors.infoFd);
  if (descriptors.rootHandshake) {
    completeRootHandshake(child, descriptors.rootHandshake, init ?? Promise.resolve(undefined)).catch(() =>
      killGroup(child),
    );
  }
  return { child, untilGone: () => untilSandboxGone(init) };
}
