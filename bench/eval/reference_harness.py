"""
A reference scorer that follows the official harnesses' execution model exactly, for bench/eval/run.ts to
compare vouch's verdicts and speed against. It runs programs UNSANDBOXED, so the benchmark feeds it only
trusted code: the datasets' canonical solutions and deliberately broken variants the benchmark builds.

- human-eval (openai/human-eval execution.py, evaluation.py): a ThreadPoolExecutor of `workers` threads;
  per sample, check_correctness starts one multiprocessing.Process that creates a temporary directory,
  applies reliability_guard, swallows I/O, sets an ITIMER_REAL of `timeout` seconds and execs
  `prompt + completion + "\n" + test + "\n" + f"check({entry_point})"`; the parent joins for timeout + 1 s,
  kills a live child, and records "timed out" when the child reported nothing. Used for HumanEval and
  MBPP's original form (bigcode's code_eval uses the same execution with completion + tests).
- mxeval python: `python file.py` under subprocess.run(timeout=int(timeout)); passed when exit code is 0.
- MultiPL-E eval_ts.py: `tsc --target esnext file.ts` (non-zero exit fails), then `node file.js`.
- mxeval typescript: `tsc file.ts --target es5 --lib es2016` ("compiled" when exit code is 2), then node.

Input: a JSON Lines file of jobs {id, mode, program}; the program text is built by this file's caller from
the dataset fields with the harness's own formula (see build_program below, which re-derives it).
Output: one JSON line per job {id, passed, result}.
Usage: python3 reference_harness.py JOBS.jsonl OUT.jsonl TIMEOUT WORKERS TSC
"""
import contextlib
import faulthandler
import io
import json
import multiprocessing
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed


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
    _stream = "stdin"


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
        raise TimeoutException("Timed out!")

    signal.setitimer(signal.ITIMER_REAL, seconds)
    signal.signal(signal.SIGALRM, handler)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def chdir(root):
    cwd = os.getcwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(cwd)


@contextlib.contextmanager
def create_tempdir():
    with tempfile.TemporaryDirectory() as dirname:
        with chdir(dirname):
            yield dirname


def reliability_guard():
    faulthandler.disable()
    import builtins
    builtins.exit = None
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork",
                 "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod",
                 "fchown", "chmod", "chown", "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir"):
        setattr(os, name, None)
    import shutil
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    import subprocess as sp
    sp.Popen = None
    builtins.help = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None


def unsafe_execute(program, timeout, result):
    with create_tempdir():
        import shutil
        rmtree, rmdir, chdir_ = shutil.rmtree, os.rmdir, os.chdir
        reliability_guard()
        try:
            exec_globals = {}
            with swallow_io():
                with time_limit(timeout):
                    exec(program, exec_globals)
            result.append("passed")
        except TimeoutException:
            result.append("timed out")
        except BaseException as e:
            result.append(f"failed: {e}")
        shutil.rmtree, os.rmdir, os.chdir = rmtree, rmdir, chdir_


def check_exec(program, timeout):
    manager = multiprocessing.Manager()
    result = manager.list()
    p = multiprocessing.Process(target=unsafe_execute, args=(program, timeout, result))
    p.start()
    p.join(timeout=timeout + 1)
    if p.is_alive():
        p.kill()
    if not result:
        result.append("timed out")
    verdict = result[0]
    manager.shutdown()
    return verdict == "passed", verdict


def run_file(argv, timeout, cwd=None):
    try:
        done = subprocess.run(argv, timeout=timeout, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    return done.returncode, done.stderr


def check_python_script(program, timeout):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "main.py")
        with open(path, "w") as handle:
            handle.write(program)
        code, stderr = run_file([sys.executable, path], int(timeout))
    if code is None:
        return False, "timed out"
    return code == 0, "passed" if code == 0 else "failed: " + (stderr.strip().splitlines() or [""])[-1]


def check_typescript(program, timeout, tsc, profile):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "main.ts")
        with open(path, "w") as handle:
            handle.write(program)
        flags = ["--target", "esnext"] if profile == "multipl-e" else ["--target", "es5", "--lib", "es2016"]
        # Run from the temp dir, as the harnesses' containers do: no node_modules/@types above it, so
        # tsc includes no ambient types (with @types/node present, mxeval's exit-code-2 rule fails everything).
        compiled = subprocess.run([tsc, path, *flags], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=100, cwd=directory)
        ok = compiled.returncode == 0 if profile == "multipl-e" else compiled.returncode == 2
        if not ok:
            return False, "failed: compile (exit %d): %s" % (compiled.returncode, (compiled.stdout.strip().splitlines() or [""])[0])
        code, stderr = run_file(["node", path[:-3] + ".js"], timeout, directory)
    if code is None:
        return False, "timed out"
    return code == 0, "passed" if code == 0 else "failed: exit %d" % code


def main():
    jobs_file, out_file, timeout, workers, tsc = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    jobs = [json.loads(line) for line in open(jobs_file) if line.strip()]

    def score(job):
        mode = job["mode"]
        if mode == "python-exec":
            passed, result = check_exec(job["program"], timeout)
        elif mode == "python-script":
            passed, result = check_python_script(job["program"], timeout)
        else:
            passed, result = check_typescript(job["program"], timeout, tsc, "multipl-e" if mode == "ts-multipl-e" else "mxeval")
        return {"id": job["id"], "passed": passed, "result": result}

    started = time.time()
    with ThreadPoolExecutor(max_workers=workers) as executor, open(out_file, "w") as out:
        futures = [executor.submit(score, job) for job in jobs]
        for future in as_completed(futures):
            out.write(json.dumps(future.result()) + "\n")
    print(json.dumps({"seconds": time.time() - started, "jobs": len(jobs)}))


if __name__ == "__main__":
    main()
