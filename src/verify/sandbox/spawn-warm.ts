import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { runsAsRoot, SANDBOX_UID } from './availability.js';
import { bwrapArgs, type fileDescriptors } from './bwrap-args.js';
import { writeInputs } from './spawn-limited.js';
import { SANDBOX_WORK_DIR } from './types.js';

export interface WarmSpawn {
  sandboxed: boolean;
  command: string[];
  env: Record<string, string>;
  /** files passed into the sandbox as file descriptors 3… (written once the process starts) */
  inputs: ReturnType<typeof fileDescriptors>;
  /** the host folder the process works in (bind-mounted as the sandbox's work folder) */
  scratchDir: string;
  diskMb: number;
  projectDir?: string;
  readOnlyPaths?: string[];
  /** pipes after the input descriptors (the Node spare's ready signal) */
  extraPipes?: number;
}

/**
 * Starts the long-lived process of a warm pool slot: inside bubblewrap, as the sandbox user when vouch
 * runs as root, with its inputs written to their descriptors; or, when the sandbox is unavailable and
 * the caller accepted that, directly in the scratch folder. Stdin, stdout and stderr are pipes.
 */
export function spawnWarm(options: WarmSpawn): ChildProcess {
  const extra = Array.from({ length: options.extraPipes ?? 0 }, () => 'pipe' as const);
  if (!options.sandboxed) {
    const stdio: StdioOptions = ['pipe', 'pipe', 'pipe', ...extra];
    const [file, ...args] = options.command;
    return spawn(file as string, args, { cwd: options.scratchDir, env: options.env, detached: true, stdio });
  }
  const stdio: StdioOptions = [
    'pipe',
    'pipe',
    'pipe',
    ...options.inputs.contents.map(() => 'pipe' as const),
    ...extra,
  ];
  const child = spawn(
    'bwrap',
    bwrapArgs({
      files: options.inputs.map,
      diskMb: options.diskMb,
      projectDir: options.projectDir,
      overlay: new Map(),
      readOnlyPaths: options.readOnlyPaths ?? [],
      env: options.env,
      cwd: SANDBOX_WORK_DIR,
      command: options.command,
    }),
    {
      cwd: options.scratchDir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      detached: true,
      stdio,
      ...(runsAsRoot() ? { uid: SANDBOX_UID, gid: SANDBOX_UID } : {}),
    },
  );
  writeInputs(child, options.inputs.contents);
  return child;
}
