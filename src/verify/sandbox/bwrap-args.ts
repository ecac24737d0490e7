import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { launcherPrefix } from './close-inherited-fds.js';
import { dropRootPrefix, type RootHandshake, rootNamespaceArgs, runsAsRoot } from './identity.js';
import { seccompFilter } from './seccomp.js';
import { SANDBOX_WORK_DIR, type SandboxLimits } from './types.js';

/** The parts of /etc programs need (dynamic linker, users, TLS roots, locale); nothing with secrets. */
const ETC_ENTRIES = [
  'ld.so.cache',
  'ld.so.conf',
  'ld.so.conf.d',
  'alternatives',
  'passwd',
  'group',
  'nsswitch.conf',
  'hosts',
  'localtime',
  'timezone',
  'mime.types',
  'ssl',
  'ca-certificates',
  'ca-certificates.conf',
  'os-release',
  'debian_version',
  'matplotlibrc',
];

const ROOT_DIRS = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

export const SANDBOX_PATH = '/usr/local/bin:/usr/bin:/bin';

/** The environment a sandboxed program sees: nothing of the host's, so no API keys or tokens leak in. */
export function cleanEnvironment(
  home: string,
  extra: Record<string, string> | undefined,
): Record<string, string> {
  return {
    PATH: SANDBOX_PATH,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: home,
    TMPDIR: '/tmp',
    // A read-only project must not get __pycache__ writes attempted into it.
    PYTHONDONTWRITEBYTECODE: '1',
    ...extra,
  };
}

let cachedSystemMounts: string[] | undefined;

/** Read-only system view: /usr, the merged-/usr symlinks or directories, and the needed parts of /etc. */
export function systemMounts(): string[] {
  // The system layout does not change while vouch runs; computing it once saves stat calls per run.
  cachedSystemMounts ??= computeSystemMounts();
  return cachedSystemMounts;
}

function computeSystemMounts(): string[] {
  const args = ['--ro-bind', '/usr', '/usr'];
  for (const name of ROOT_DIRS) {
    const path = `/${name}`;
    if (!existsSync(path)) continue;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(path), path);
    else if (stat.isDirectory()) args.push('--ro-bind', path, path);
  }
  const etc = new Set(ETC_ENTRIES);
  for (const entry of safeReaddir('/etc')) if (/^python3/.test(entry)) etc.add(entry);
  for (const entry of etc) {
    const path = `/etc/${entry}`;
    if (existsSync(path)) args.push('--ro-bind', path, path);
  }
  return args;
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

/** A relative overlay path, checked so it cannot escape the project. */
export function overlayPath(relative: string): string {
  const clean = normalize(relative).replace(/^(\.\/)+/, '');
  if (isAbsolute(clean) || clean === '..' || clean.startsWith('../') || clean === '.' || clean === '') {
    throw new UsageError(`overlay path \`${relative}\` must be relative and inside the project`, {
      hint: 'give the path the generated file would have, relative to the project root',
    });
  }
  return clean;
}

/** Project folders a run may write to (tool-caches.ts): nothing of it reaches the host. */
export interface WritableView {
  /** project-relative folders shown as fresh, empty, writable tmpfs mounts */
  dirs: readonly string[];
  /** project-relative files left out of the view, whose folders become writable */
  files: readonly string[];
}

const NOTHING_WRITABLE: WritableView = { dirs: [], files: [] };

/**
 * The project read-only at its own path, with `overlay` files laid over it and `hidden` files left out.
 * bubblewrap cannot create a mount point inside a read-only bind, so every directory on the way to an
 * overlay file or a hidden file becomes a tmpfs whose other entries are bound back one by one: the program
 * sees the project plus the generated files minus the hidden ones, and whatever it writes there lands in a
 * tmpfs that vanishes with the sandbox. `writable` folders are empty tmpfs mounts of their own (over the
 * folder, or in its opened parent when it does not exist), and the folders of `writable` files are
 * opened world-writable (as root the program runs as another uid than the mounts' owner).
 */
export function projectMounts({
  projectDir,
  overlay,
  hidden = [],
  writable = NOTHING_WRITABLE,
}: {
  projectDir: string;
  overlay: Map<string, string>;
  hidden?: readonly string[];
  writable?: WritableView;
}): string[] {
  const newDirs = writable.dirs.filter((dir) => !existsSync(join(projectDir, dir)));
  if (
    overlay.size === 0 &&
    hidden.length === 0 &&
    writable.dirs.length === 0 &&
    writable.files.length === 0
  ) {
    return ['--ro-bind', projectDir, projectDir];
  }
  const opened = new Set<string>();
  const notBound = new Set([...hidden, ...writable.files, ...writable.dirs]);
  const writableParents = new Set(writable.files.map((file) => normalizedDir(file)));
  // an overlay file that replaces a file of the project is bound over it where it is: the mount point
  // exists, so its folder need not be opened (opening binds every other entry back one by one, and each
  // bind costs bubblewrap a read of the whole mount table: 1,500 modules beside the file took 10 s)
  const inPlace = new Set(
    [...overlay.keys()].filter((relative) => replacesProjectFile(projectDir, relative)),
  );
  for (const relative of [...overlay.keys(), ...hidden, ...writable.files, ...newDirs]) {
    if (inPlace.has(relative)) continue;
    let dir = dirname(relative);
    while (true) {
      opened.add(dir === '.' ? '' : dir);
      if (dir === '.' || dir === '') break;
      dir = dirname(dir);
    }
  }
  const args: string[] = [];
  if (opened.size === 0) args.push('--ro-bind', projectDir, projectDir);
  const ordered = [...opened].sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  for (const dir of ordered) {
    const hostDir = dir ? join(projectDir, dir) : projectDir;
    if (writableParents.has(dir)) args.push('--perms', '0777');
    args.push('--tmpfs', hostDir);
    for (const entry of safeReaddir(hostDir)) {
      const relative = dir ? `${dir}/${entry}` : entry;
      if (opened.has(relative) || overlay.has(relative) || notBound.has(relative)) continue;
      const hostPath = join(hostDir, entry);
      const stat = lstatSync(hostPath);
      if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(hostPath), hostPath);
      else args.push('--ro-bind', hostPath, hostPath);
    }
  }
  for (const [relative, source] of overlay) args.push('--ro-bind', source, join(projectDir, relative));
  for (const dir of writable.dirs) {
    if (opened.has(dir)) continue; // an overlay file inside it: its opened view is already a tmpfs
    args.push('--perms', '0777', '--size', String(WRITABLE_DIR_BYTES), '--tmpfs', join(projectDir, dir));
  }
  return args;
}

/**
 * Whether `relative` names a regular file of the project reached through no symbolic link (a link could
 * lead the bind outside the project), so an overlay can be bound over it in place.
 */
function replacesProjectFile(projectDir: string, relative: string): boolean {
  const hostPath = join(projectDir, relative);
  try {
    return (
      lstatSync(hostPath).isFile() && realpathSync(hostPath) === join(realpathSync(projectDir), relative)
    );
  } catch {
    return false; // absent or unreadable: it is a new file, its folder is opened
  }
}

/** A tool's cache is small; the bound keeps a program from filling memory through one. */
const WRITABLE_DIR_BYTES = 64 * 1024 * 1024;

function normalizedDir(file: string): string {
  const dir = dirname(file);
  return dir === '.' ? '' : dir;
}

/** RLIMITs applied by util-linux `prlimit` just before the program starts. */
export function limitArgs(limits: SandboxLimits, prlimit: string, node: boolean): string[] {
  const mb = 1024 * 1024;
  // V8 reserves and commits its heap lazily and dies with SIGSEGV when a commit fails, so Node gets a
  // V8 heap limit of `memoryMb` (a clean "heap out of memory") and headroom for code and buffers here.
  const data = node ? (limits.memoryMb * 2 + 256) * mb : limits.memoryMb * mb;
  return [
    prlimit,
    `--cpu=${Math.max(1, Math.ceil(limits.cpuMs / 1000))}`,
    `--data=${data}`,
    `--nproc=${limits.processes}`,
    `--fsize=${limits.fileSizeMb * mb}`,
    '--core=0',
    '--',
  ];
}

export function isNodeCommand(command: string[]): boolean {
  const first = command[0] ?? '';
  return basename(first) === 'node' || first === process.execPath;
}

export interface BwrapPlan {
  /** files of the work dir: relative path → the fd (3, 4, …) bubblewrap copies each one from */
  files: Map<string, number>;
  diskMb: number;
  projectDir?: string;
  overlay: Map<string, string>;
  /** project files the program must not see (relative to `projectDir`), e.g. secrets files */
  hidden?: readonly string[];
  /** project folders and files a run may write (tool caches), in a tmpfs */
  writable?: WritableView;
  readOnlyPaths: string[];
  env: Record<string, string>;
  cwd: string;
  command: string[];
  /** the descriptor bubblewrap reads the seccomp filter from */
  seccompFd?: number;
  /** vouch runs as root: the sandbox gets its own identity map and the program drops root (identity.ts) */
  rootHandshake?: RootHandshake;
  /** where bubblewrap writes the pid of the sandbox's init (sandbox-init.ts) */
  infoFd?: number;
  /** the program's own channel: the only descriptors past stdio it keeps (close-inherited-fds.ts) */
  keepFds?: readonly number[];
  /** the launcher reads it to see that vouch is still alive before the program starts (close-inherited-fds.ts) */
  liveFd: number;
}

export function bwrapArgs(plan: BwrapPlan): string[] {
  const args = [
    '--unshare-all',
    ...(plan.rootHandshake ? rootNamespaceArgs(plan.rootHandshake) : []),
    ...(plan.infoFd === undefined ? [] : ['--info-fd', String(plan.infoFd)]),
    '--die-with-parent',
    '--new-session',
    ...systemMounts(),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    // as root the program runs as another uid than the one that makes these tmpfs mounts: it must still
    // write there (sticky /tmp, as on any system)
    '--perms',
    '1777',
    '--size',
    String(plan.diskMb * 1024 * 1024),
    '--tmpfs',
    '/tmp',
  ];
  for (const path of plan.readOnlyPaths) {
    if (existsSync(path) && statSync(path).isDirectory()) args.push('--ro-bind', path, path);
  }
  if (plan.projectDir)
    args.push(
      ...projectMounts({
        projectDir: plan.projectDir,
        overlay: plan.overlay,
        hidden: plan.hidden,
        writable: plan.writable,
      }),
    );
  // The work dir is a size-limited tmpfs (a program that fills the disk fills only it); its files are
  // copied in by bubblewrap from pipes, so nothing on the host is ever writable from inside.
  args.push('--perms', '0777', '--size', String(plan.diskMb * 1024 * 1024), '--tmpfs', SANDBOX_WORK_DIR);
  const dirs = new Set<string>();
  for (const relative of plan.files.keys()) {
    let dir = dirname(relative);
    const chain: string[] = [];
    while (dir !== '.' && dir !== '' && !dirs.has(dir)) {
      chain.unshift(dir);
      dir = dirname(dir);
    }
    for (const entry of chain) {
      dirs.add(entry);
      args.push('--perms', '0777', '--dir', `${SANDBOX_WORK_DIR}/${entry}`);
    }
  }
  for (const [relative, fd] of plan.files) args.push('--file', String(fd), `${SANDBOX_WORK_DIR}/${relative}`);
  if (plan.seccompFd !== undefined) args.push('--seccomp', String(plan.seccompFd));
  args.push('--chdir', plan.cwd, '--clearenv');
  for (const [key, value] of Object.entries(plan.env)) args.push('--setenv', key, value);
  args.push(
    '--',
    ...launcherPrefix({ keep: plan.keepFds ?? [], liveFd: plan.liveFd }),
    ...(plan.rootHandshake ? dropRootPrefix() : []),
    ...plan.command,
  );
  return args;
}

/**
 * The descriptors a bubblewrap run gets after stdio, numbered 3, 4, …: the launcher's sign that vouch is
 * alive (fd 3), the work-dir files (`--file FD`), the seccomp filter (`--seccomp FD`), the sandbox's init
 * pid (`--info-fd`), the root handshake (`--userns-block-fd`), then any extra pipes the caller wants (the
 * Node spare's ready signal). The launcher's comes first because bash polls it with select(), which
 * aborts bash on a descriptor numbered past FD_SETSIZE (1024): after a thousand files it would be.
 */
export interface SandboxDescriptors {
  /** work-dir files: relative path → fd */
  files: Map<string, number>;
  /** written to fds `inputFd`, `inputFd` + 1, … and closed, in order */
  inputs: (string | Buffer)[];
  /** the descriptor of the first input: 4 in a sandbox (the launcher's `liveFd` is 3), else 3 */
  inputFd: number;
  seccompFd?: number;
  /** sandboxed runs: bubblewrap writes the init's pid here */
  infoFd?: number;
  rootHandshake?: RootHandshake;
  /**
   * sandboxed runs: the launcher's sign that vouch is alive (close-inherited-fds.ts). vouch never writes
   * to it or ends it: its end closes only when vouch's process is gone.
   */
  liveFd?: number;
  /** the fds of the caller's extra pipes */
  extra: number[];
  /** pipes after stdio */
  count: number;
}

export function planDescriptors(
  files: Record<string, string | Uint8Array> | undefined,
  options: { sandboxed: boolean; extraPipes?: number },
): SandboxDescriptors {
  // the launcher's first: it must stay below FD_SETSIZE however many files follow (see above)
  const liveFd = options.sandboxed ? 3 : undefined;
  const inputFd = liveFd === undefined ? 3 : liveFd + 1;
  const map = new Map<string, number>();
  const inputs: (string | Buffer)[] = [];
  for (const [name, content] of Object.entries(files ?? {})) {
    map.set(overlayPath(name), inputFd + inputs.length);
    inputs.push(typeof content === 'string' ? content : Buffer.from(content));
  }
  let seccompFd: number | undefined;
  let infoFd: number | undefined;
  let rootHandshake: RootHandshake | undefined;
  let next = inputFd + inputs.length;
  if (options.sandboxed) {
    const filter = seccompFilter();
    if (filter) {
      seccompFd = next++;
      inputs.push(filter);
    }
    infoFd = next++;
    if (runsAsRoot()) rootHandshake = { blockFd: next++ };
  }
  const extra = Array.from({ length: options.extraPipes ?? 0 }, () => next++);
  return {
    files: map,
    inputs,
    inputFd,
    ...(seccompFd === undefined ? {} : { seccompFd }),
    ...(infoFd === undefined ? {} : { infoFd }),
    ...(rootHandshake ? { rootHandshake } : {}),
    ...(liveFd === undefined ? {} : { liveFd }),
    extra,
    count: next - 3,
  };
}

/** The part of a bubblewrap plan that follows from the descriptors (planned with `sandboxed: true`). */
export function descriptorPlan(
  descriptors: SandboxDescriptors,
): Pick<BwrapPlan, 'seccompFd' | 'infoFd' | 'rootHandshake' | 'keepFds' | 'liveFd'> {
  if (descriptors.liveFd === undefined) {
    throw new Error(
      'a sandbox needs the descriptor its launcher checks vouch with: plan it with sandboxed: true',
    );
  }
  return {
    keepFds: descriptors.extra,
    liveFd: descriptors.liveFd,
    ...(descriptors.seccompFd === undefined ? {} : { seccompFd: descriptors.seccompFd }),
    ...(descriptors.infoFd === undefined ? {} : { infoFd: descriptors.infoFd }),
    ...(descriptors.rootHandshake ? { rootHandshake: descriptors.rootHandshake } : {}),
  };
}
