"""The long-lived Python worker of vouch's warm sandbox pool, run inside bubblewrap (never outside it).

It reads one JSON job per line on fd 0 and answers one JSON result per line on fd 1. Per job it forks a child
from the warm interpreter (a few ms instead of a fresh interpreter's ~20 ms): the child gets its own session
and process group, its own scratch dir under the sandbox's /tmp, its own RLIMITs, fresh stdio and a fresh
`__main__`. After every job the worker SIGKILLs every other process it can see (`kill(-1)`) and waits until
those it may signal are gone: in its own PID namespace that is what the job left behind (daemons, fork
bombs) and the launcher's watcher (src/verify/sandbox/close-inherited-fds.ts), nothing else — which is why
it must never run outside the sandbox. As root the watcher is out of the worker's reach (uid 0, CAP_KILL)
and is not waited for. As an ordinary user it runs as the worker's uid and the first job's clean-up kills
it: its window (a vouch killed while the sandbox started) has passed once a job came, and between jobs the
worker exits by itself when vouch is gone (its stdin ends). It makes itself non-dumpable so a job cannot read
or write its memory or fds via /proc.

argv: [worker.py, BASE_ENV as JSON, PROJECT folder (optional)].

Two optional job fields serve a worker that keeps modules imported (vouch's warm import probe); pools that do
not send them see no difference:
- `cwd`: the child works in that folder and it comes first on sys.path, as `python -c` run from there does;
  the program's compiled code is kept (by source) so the next job with the same program skips compiling it.
- `preload` (a list of module names, with `cwd`): no child; the WORKER itself imports the
  modules, so every later child starts with them (fork shares them). Modules run here as they do in a
  child: inside the sandbox, with stdio on /dev/null. The answer's stdout is JSON: every module file the
  worker holds that it had not reported yet, with the stat it had when imported (compared with the disk
  before each job, by the host or, with `checkHeld`, here: a module edited since is never answered from),
  sys.path, the worker's threads and resident memory. With `distributions`, the worker also computes
  `importlib.metadata.packages_distributions()` once (a third of a second with a few hundred packages) and
  keeps it as `sys.modules['_vouch_worker'].distributions`, which the import probe reads when present.
- `inWorker` (with `cwd`, a stdin of at most IN_WORKER_STDIN characters): before forking, the worker runs the
  program's `answer_in_worker(stdin)` in ITSELF (the program's module-level code run once, as a module not
  named `__main__`, so it only defines). A string is the job's stdout, answered without a child in well under a
  millisecond where a fork of a worker holding Django costs 20-30 ms here; None (or an error) runs the job
  in a child as usual. Only for vouch's own programs whose answer function runs no code of the project's or
  its packages' (the import probe's `fast` mode: lookups in the dicts of modules imported already, and the
  standard library reading a distribution's version).
- `programId` (with `cwd`): the host sends a program (vouch's probes, 20 kB) with an id the first time this
  worker gets it, and only the id after: the worker keeps it by id (`PROGRAMS`, never dropped; the host
  numbers a handful per worker at most), so the same string is read once and hashed once (the compiled
  code and in-worker namespaces are kept by source). A job naming an id the worker never got is an error.
- `checkHeld` (with `cwd`): before the job runs, every module file the worker reported holding is stat'ed
  again and compared with the stat it reported (mtime in ns, size, inode); the first that differs is
  answered as `stale` (why) and nothing runs. The host compared them itself before; here the few hundred
  stats run beside the host's thread instead of on it, after the job was asked for, as before.
"""
import ctypes, importlib, io, json, os, resource, select, shutil, signal, sys, tempfile, time, traceback, types

try:
    ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0
except Exception:
    pass

PROTO_IN = os.dup(0)
PROTO_OUT = os.dup(1)
devnull = os.open('/dev/null', os.O_RDWR)
os.dup2(devnull, 0)
os.dup2(devnull, 1)
os.close(devnull)
for fd in (PROTO_IN, PROTO_OUT):
    os.set_inheritable(fd, False)
MB = 1024 * 1024
# a report channel carries at most this much (src/verify/sandbox/report-channel.ts, REPORT_BYTES)
REPORT_BYTES = 16 << 20
SELF = os.getpid()
BASE_ENV = json.loads(sys.argv[1])
PROJECT = sys.argv[2] if len(sys.argv) > 2 else ''
# programs compiled once, by source, for jobs with a `cwd` (compiled_program); a few at most
COMPILED = {}
# programs sent once with a `programId` and named by it after (see the docstring)
PROGRAMS = {}
# `inWorker` programs' namespaces, by source (a few at most), and the largest stdin they are tried on
IN_WORKER = {}
IN_WORKER_STDIN = 16384
# module files already reported by `preload`; the worker's own file (in the sandbox's work dir) is not one
REPORTED = {os.path.abspath(__file__)}
# what `preload` reported of each (path -> (mtime_ns, size, inode), None when it could not be stat'ed)
HELD = {}


def child(job, workdir, fds, report_fds):
    r_in, w_out, w_err, w_status = fds
    os.setsid()
    os.dup2(r_in, 0)
    os.dup2(w_out, 1)
    os.dup2(w_err, 2)
    # everything else closed but the status pipe and, for a job with a report channel, its two descriptors
    kept = sorted([w_status] + list(report_fds))
    start = 3
    for fd in kept:
        os.closerange(start, fd)
        start = fd + 1
    os.closerange(start, 1 << 16)
    cwd = job.get('cwd')
    os.chdir(cwd or workdir)
    limits = job['limits']
    resource.setrlimit(resource.RLIMIT_CPU, (limits['cpuSec'], limits['cpuSec'] + 1))
    resource.setrlimit(resource.RLIMIT_DATA, (limits['memoryMb'] * MB, limits['memoryMb'] * MB))
    resource.setrlimit(resource.RLIMIT_NPROC, (limits['processes'], limits['processes']))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits['fileSizeMb'] * MB, limits['fileSizeMb'] * MB))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.environ.clear()
    os.environ.update(BASE_ENV)
    os.environ['HOME'] = workdir
    if report_fds:
        # the report channel (src/verify/sandbox/report-channel.ts): the key to read, the fd to report on
        os.environ['VOUCH_REPORT_KEY_FD'] = str(report_fds[0])
        os.environ['VOUCH_REPORT_FD'] = str(report_fds[1])
    if cwd and PROJECT:
        # as the cold import probe runs (`PYTHONPATH=<project> python -c …`), for what a module passes on
        os.environ['PYTHONPATH'] = PROJECT
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(io.FileIO(0, 'r', closefd=False), encoding='utf-8', errors='replace')
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), encoding='utf-8', errors='backslashreplace')
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(io.FileIO(2, 'w', closefd=False), encoding='utf-8', errors='backslashreplace', line_buffering=True)
    path = os.path.join(workdir, 'main.py')
    sys.argv = [path]
    if cwd:
        # the path was set by a preload (or is set here the same way): cwd first, then the project
        sys.dont_write_bytecode = True
        if sys.path[:1] != [cwd]:
            sys.path[0] = cwd
            if PROJECT:
                sys.path.insert(1, PROJECT)
        # a module file added or removed since the worker listed a folder must be seen
        importlib.invalidate_caches()
    else:
        sys.path[0] = workdir
        if PROJECT:
            sys.path.insert(1, PROJECT)
    main = types.ModuleType('__main__')
    main.__file__ = path
    main.__builtins__ = __builtins__
    sys.modules['__main__'] = main
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 0
    try:
        program = job.get('compiled') or compile(job['source'], path, 'exec')
        exec(program, main.__dict__)
    except SystemExit as exit:
        value = exit.code
        if value is None:
            code = 0
        elif isinstance(value, int):
            code = value & 0xFF
        else:
            print(value, file=sys.stderr)
            code = 1
    except MemoryError as error:
        os.write(w_status, b'memory')
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        code = 1
    except BaseException as error:
        # tb_next drops this worker's own frame: the traceback starts in the program, as with python3 main.py
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        code = 1
    try:
        sys.stdout.flush()
    except BaseException:
        pass
    try:
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(code)


def others():
    found = []
    for name in os.listdir('/proc'):
        if name.isdigit():
            pid = int(name)
            if pid != SELF and pid != 1:
                found.append(pid)
    return found


def kill_everything_else():
    for _ in range(1000):
        try:
            os.kill(-1, signal.SIGKILL)
        except ProcessLookupError:
            pass
        left = []
        for pid in others():
            try:
                with open('/proc/%d/stat' % pid) as stat:
                    state = stat.read().rsplit(')', 1)[1].split()[0]
                if state not in ('Z', 'X'):
                    # only what kill(-1) could reach is waited for: a process this worker may not signal
                    # never ends by waiting, and no job made it (a job runs as the worker's uid, with no
                    # capabilities and no new privileges). As root that is the launcher's watcher (uid 0,
                    # CAP_KILL: close-inherited-fds.ts), which sleeps for the sandbox's whole life: waited
                    # for, every job took the loop's 1,000 passes, over a second.
                    os.kill(pid, 0)
                    left.append(pid)
            except OSError:
                # gone, or PermissionError (above)
                pass
        if not left:
            return
        time.sleep(0.001)


def held_change():
    """Why a module file the worker holds is no longer what it imported (`checkHeld`), or None."""
    for path, then in HELD.items():
        try:
            stat = os.stat(path)
        except OSError:
            if then is None:
                continue
            return '%s was removed' % path
        if then is None:
            return '%s appeared' % path
        if (stat.st_mtime_ns, stat.st_size, stat.st_ino) != then:
            return '%s changed since it was imported' % path
    return None


def compiled_program(source):
    """The program compiled once by source, for jobs with a `cwd` (a probe sent over and over)."""
    compiled = COMPILED.get(source)
    if compiled is None:
        if len(COMPILED) >= 4:
            COMPILED.clear()
        compiled = COMPILED[source] = compile(source, '<program>', 'exec')
    return compiled


def no_child_result(job, duration_ms, stdout, **extra):
    """The answer to a job the worker answered itself (a preload, an in-worker answer, a stale worker)."""
    return dict({'id': job['id'], 'durationMs': duration_ms, 'timedOut': False, 'truncated': False,
                 'memory': False, 'exitCode': 0, 'stdout': stdout, 'stderr': ''}, **extra)


def answer_in_worker(job):
    """An `inWorker` job answered by the program's `answer_in_worker(stdin)` in this worker, or None."""
    started = time.monotonic()
    stdin = job.get('stdin') or ''
    if len(stdin) > IN_WORKER_STDIN:
        return None
    try:
        namespace = IN_WORKER.get(job['source'])
        if namespace is None:
            if len(IN_WORKER) >= 4:
                IN_WORKER.clear()
            namespace = {'__name__': '_vouch_in_worker', '__builtins__': __builtins__}
            exec(compiled_program(job['source']), namespace)
            IN_WORKER[job['source']] = namespace
        stdout = namespace['answer_in_worker'](stdin)
    except Exception:
        return None
    if not isinstance(stdout, str) or len(stdout.encode()) > job['outputBytes']:
        return None
    return no_child_result(job, (time.monotonic() - started) * 1000, stdout)


def run(job):
    if job.get('checkHeld') and job.get('cwd'):
        started = time.monotonic()
        change = held_change()
        if change is not None:
            return no_child_result(job, (time.monotonic() - started) * 1000, '', stale=change)
    if job.get('inWorker') and job.get('cwd'):
        answered = answer_in_worker(job)
        if answered is not None:
            return answered
    workdir = tempfile.mkdtemp(prefix='job-', dir='/tmp')
    for name, content in (job.get('files') or {}).items():
        target = os.path.join(workdir, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, 'w') as handle:
            handle.write(content)
    with open(os.path.join(workdir, 'main.py'), 'w') as handle:
        handle.write(job['source'])
    r_in, w_in = os.pipe()
    r_out, w_out = os.pipe()
    r_err, w_err = os.pipe()
    r_status, w_status = os.pipe()
    # a report channel: the key goes into a pipe of its own (read by the program, then closed), the report
    # comes back on another; the key leaves the job before the fork
    r_report = -1
    report_fds = ()
    key = job.pop('reportKey', None)
    if key is not None:
        r_key, w_key = os.pipe()
        os.write(w_key, key.encode() + b'\n')
        os.close(w_key)
        r_report, w_report = os.pipe()
        report_fds = (r_key, w_report)
        key = None
    if job.get('cwd'):
        job = dict(job, compiled=compiled_program(job['source']))
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(w_in); os.close(r_out); os.close(r_err); os.close(r_status)
            if r_report >= 0:
                os.close(r_report)
            child(job, workdir, (r_in, w_out, w_err, w_status), report_fds)
        finally:
            os._exit(70)
    for fd in (r_in, w_out, w_err, w_status) + tuple(report_fds):
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    cap = job['outputBytes']
    out, err = bytearray(), bytearray()
    truncated = False
    pending = (job.get('stdin') or '').encode()
    os.set_blocking(w_in, False)
    if not pending:
        os.close(w_in); w_in = -1
    deadline = started + job['timeoutMs'] / 1000.0
    poller = select.poll()
    poller.register(r_out, select.POLLIN)
    poller.register(r_err, select.POLLIN)
    poller.register(pidfd, select.POLLIN)
    if w_in >= 0:
        poller.register(w_in, select.POLLOUT)
    open_fds = {r_out, r_err}
    report = bytearray()
    report_truncated = False
    if r_report >= 0:
        poller.register(r_report, select.POLLIN)
        open_fds.add(r_report)
    exited = False
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        if exited and not open_fds:
            break
        # After the child exits, output still held by its descendants is drained briefly, then cut.
        timeout_ms = min(remaining * 1000, 20 if exited else 1000)
        events = poller.poll(timeout_ms)
        if not events and exited:
            break
        for fd, event in events:
            if fd == pidfd:
                exited = True
                poller.unregister(pidfd)
            elif fd == w_in:
                try:
                    written = os.write(w_in, pending[:65536])
                    pending = pending[written:]
                except OSError:
                    pending = b''
                if not pending:
                    poller.unregister(w_in); os.close(w_in); w_in = -1
            else:
                chunk = os.read(fd, 65536)
                if not chunk:
                    poller.unregister(fd); open_fds.discard(fd)
                    continue
                if fd == r_report:
                    room = REPORT_BYTES - len(report)
                    if len(chunk) > room:
                        report_truncated = True
                        chunk = chunk[:max(room, 0)]
                    report.extend(chunk)
                    continue
                target = out if fd == r_out else err
                room = cap - len(target)
                if len(chunk) > room:
                    truncated = True
                    chunk = chunk[:max(room, 0)]
                target.extend(chunk)
    kill_everything_else()
    _, wait_status = os.waitpid(pid, 0)
    duration = (time.monotonic() - started) * 1000
    memory = False
    try:
        memory = os.read(r_status, 16) == b'memory'
    except OSError:
        pass
    for fd in (r_out, r_err, r_status, pidfd, w_in, r_report):
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
    shutil.rmtree(workdir, ignore_errors=True)
    result = {'id': job['id'], 'durationMs': duration, 'timedOut': timed_out, 'truncated': truncated,
              'memory': memory, 'stdout': out.decode('utf-8', 'replace'), 'stderr': err.decode('utf-8', 'replace')}
    if r_report >= 0:
        result['report'] = report.decode('utf-8', 'replace')
        result['reportTruncated'] = report_truncated
    if os.WIFSIGNALED(wait_status):
        result['signal'] = signal.Signals(os.WTERMSIG(wait_status)).name
        result['exitCode'] = None
    else:
        result['exitCode'] = os.WEXITSTATUS(wait_status)
    return result


def preload(job):
    """Imports `job['preload']` into this worker (see the docstring); the host decides what to keep. A
    module that fails to import is reported, not retried. The worker's own memory is capped (RLIMIT_DATA,
    soft limit only, so children still set theirs) at `memoryMb`."""
    cwd = job.get('cwd') or PROJECT
    if cwd and sys.path[:1] != [cwd]:
        os.chdir(cwd)
        sys.path[0] = cwd
        if PROJECT:
            sys.path.insert(1, PROJECT)
    sys.dont_write_bytecode = True
    importlib.invalidate_caches()
    if job.get('memoryMb'):
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        soft = job['memoryMb'] * MB
        resource.setrlimit(resource.RLIMIT_DATA, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    started_ns = time.time_ns()
    failed = []
    for spec in job['preload']:
        # `a.b` imports a.b; `a.b:c` (from a.b import c) also imports a.b.c when a.b has no attribute c,
        # as the import probe does
        name, _, attribute = spec.partition(':')
        try:
            module = sys.modules.get(name) or importlib.import_module(name)
        except BaseException as error:
            failed.append([spec, '%s: %s' % (type(error).__name__, error)])
            continue
        if attribute and getattr(module, '__path__', None):
            try:
                getattr(module, attribute)
            except BaseException:
                try:
                    importlib.import_module(name + '.' + attribute)
                except BaseException as error:
                    failed.append([spec, '%s: %s' % (type(error).__name__, error)])
    if job.get('distributions') and '_vouch_worker' not in sys.modules:
        kept = types.ModuleType('_vouch_worker')
        try:
            kept.distributions = importlib.import_module('importlib.metadata').packages_distributions()
            sys.modules['_vouch_worker'] = kept
        except Exception as error:
            failed.append(['importlib.metadata', '%s: %s' % (type(error).__name__, error)])
    loaded = []
    for module in list(sys.modules.values()):
        file = getattr(module, '__file__', None)
        if not isinstance(file, str) or file in REPORTED:
            continue
        REPORTED.add(file)
        path = os.path.abspath(file)
        try:
            stat = os.stat(file)
            # as strings: nanoseconds and inodes do not fit a JSON number's 53 bits
            loaded.append([path, str(stat.st_mtime_ns), stat.st_size, str(stat.st_ino)])
            HELD[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except OSError:
            loaded.append([path, '-1', -1, '-1'])
            HELD[path] = None
    rss_kb = 0
    try:
        with open('/proc/self/status') as status:
            for line in status:
                if line.startswith('VmRSS:'):
                    rss_kb = int(line.split()[1])
    except OSError:
        pass
    threads = 1
    if 'threading' in sys.modules:
        threads = sys.modules['threading'].active_count()
    report = {'loaded': loaded, 'failed': failed, 'startedNs': str(started_ns), 'path': list(sys.path),
              'threads': threads, 'rssKb': rss_kb, 'modules': len(sys.modules)}
    return no_child_result(job, (time.time_ns() - started_ns) / 1e6, json.dumps(report))


def main():
    buffer = b''
    os.write(PROTO_OUT, b'{"ready":true}\n')
    while True:
        while b'\n' not in buffer:
            chunk = os.read(PROTO_IN, 1 << 20)
            if not chunk:
                return
            buffer += chunk
        line, buffer = buffer.split(b'\n', 1)
        job = json.loads(line)
        try:
            if 'programId' in job:
                if 'source' in job:
                    PROGRAMS[job['programId']] = job['source']
                else:
                    job['source'] = PROGRAMS[job['programId']]
            result = preload(job) if 'preload' in job else run(job)
        except Exception:
            kill_everything_else()
            result = {'id': job['id'], 'error': traceback.format_exc()}
        data = (json.dumps(result) + '\n').encode()
        while data:
            data = data[os.write(PROTO_OUT, data):]


main()
