"""
CodeT's selection (Chen et al. 2022) as its published code does it (microsoft/CodeT, CodeT/main.py with
src/postprocess.py, src/_execution.py, src/agreement.py, src/evaluation.py), re-implemented here for
bench/eval/run.ts to compare vouch's ranking against on the same samples, tests and ground truth.

- Test cases: each raw test answer is split on 'assert ', parts that name the entry point are kept, cut at
  the stop tokens, kept when `try: <case> except: pass` compiles; the first 5 of each answer (limit).
- Execution: per distinct completion, one forked process runs `prompt + completion + "\n" + check()`
  where check() wraps every distinct test case in try/except with time_limit(0.1) (ITIMER_REAL); the
  parent kills it after 0.1 s x cases + 0.1 s. A completion that does not compile, or whose process dies
  or times out, passes nothing.
- Dual agreement: solutions (counted with duplicates) grouped by the exact set of test-case occurrences
  they pass (a test case written k times counts k times); score = len(case set) x sqrt(len(solutions)).
- pass@1: the top-scoring groups are merged; the pick is uniform over their solutions; a task where no
  solution passes any test case falls back to the random pass@1 (c / n).

It runs the samples UNSANDBOXED, so the benchmark feeds it only trusted code (the samples that
selection_data.py builds from the reference solutions). Usage:

    python3 codet_reference.py HumanEval.jsonl.gz SAMPLES.jsonl TESTS.jsonl VERDICTS.json OUT.json WORKERS

VERDICTS.json: the ground truth, a list of booleans in sample order (the official harness's verdicts).
OUT.json: {"pass@1", "perTask": {task: expected pass}, "executions", "seconds"}.
"""
import contextlib
import faulthandler
import gzip
import io
import json
import math
import os
import signal
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor

STOP_TOKENS = ['\nclass', '\ndef', '\n#', '\nif', '\nprint']
TIMEOUT = 0.1
LIMIT = 5


def truncate(content):
    for stop in STOP_TOKENS:
        if stop in content:
            content = content.split(stop)[0]
    return content


def valid_case(case):
    if not case.strip() or 'assert' not in case:
        return False
    try:
        block = case.replace('\n', '\n    ')
        compile('try:\n    %s\nexcept:\n    pass\n' % block, '', 'exec')
        return True
    except Exception:
        return False


def extract_cases(content, entry_point):
    parts = [('assert ' + part).strip() for part in ('assert ' + content).split('assert ')
             if entry_point.strip() in part and part.strip()]
    cases = [truncate(part).strip() for part in parts]
    return [case for case in cases if valid_case(case)]


class TimeoutException(Exception):
    pass


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


def pack(cases, timeout):
    text = 'def check():\n    pass_result = []\n'
    for case in cases:
        body = case.strip().replace('\n', '\n' + ' ' * 12)
        text += ('\n    try:\n        with time_limit(%s):\n            %s\n            pass_result.append(True)\n'
                 '    except Exception as e:\n        pass_result.append(False)\n') % (timeout, body)
    return text + '\n    return pass_result\n\nglobal final_result\nfinal_result = check()'


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


def run_solution(job):
    """check_correctness_with_test_cases: the pass list of one completion, or None when it passed nothing."""
    prompt, completion, cases = job
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        outcome = None
        try:
            os.chdir('/tmp')
            reliability_guard()
            program = prompt + completion + '\n' + pack(cases, TIMEOUT)
            exec_globals = {'time_limit': time_limit}
            stream = WriteOnlyStringIO()
            with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream), redirect_stdin(stream):
                exec(program, exec_globals)
            outcome = exec_globals['final_result']
        except BaseException:
            outcome = None
        os.write(write_fd, json.dumps(outcome).encode())
        os._exit(0)
    os.close(write_fd)
    deadline = started + TIMEOUT * len(cases) + 0.1
    data = b''
    import select
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if not ready:
            break
        chunk = os.read(read_fd, 1 << 16)
        if not chunk:
            break
        data += chunk
    os.close(read_fd)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    os.waitpid(pid, 0)
    try:
        result = json.loads(data.decode())
    except ValueError:
        return None
    return result if isinstance(result, list) and result else None


def main():
    problems_file, samples_file, tests_file, verdicts_file, out_file, workers = sys.argv[1:7]
    opener = gzip.open if problems_file.endswith('.gz') else open
    with opener(problems_file, 'rt') as handle:
        problems = {p['task_id']: p for p in (json.loads(line) for line in handle if line.strip())}
    samples = [json.loads(line) for line in open(samples_file) if line.strip()]
    verdicts = json.load(open(verdicts_file))
    tests_by_task = defaultdict(list)
    for line in open(tests_file):
        if line.strip():
            record = json.loads(line)
            tests_by_task[str(record['task_id'])].append(record['test'])

    started = time.time()
    jobs, keys = [], []
    limited_by_task = {}
    for task, raw_tests in tests_by_task.items():
        entry = problems[task]['entry_point']
        limited_by_task[task] = [extract_cases(raw, entry)[:LIMIT] for raw in raw_tests]
    seen = set()
    for sample in samples:
        task, completion = sample['task_id'], sample['completion']
        if (task, completion) in seen or not limited_by_task.get(task):
            continue
        seen.add((task, completion))
        cases = list(set(sum(limited_by_task[task], [])))
        if not cases:
            continue
        jobs.append((problems[task]['prompt'], completion, cases))
        keys.append((task, completion, cases))
    with ProcessPoolExecutor(int(workers)) as pool:
        results = list(pool.map(run_solution, jobs, chunksize=4))

    # DataManager + DualAgreement
    passed_pairs = defaultdict(set)
    for (task, completion, cases), result in zip(keys, results):
        if result is None:
            continue
        for case, ok in zip(cases, result):
            if ok is True:
                passed_pairs[task].add((completion, case))
    per_task = {}
    by_task = defaultdict(list)
    for index, sample in enumerate(samples):
        by_task[sample['task_id']].append((sample['completion'], bool(verdicts[index])))
    for task, entries in by_task.items():
        solution_frequency = Counter(completion for completion, _ in entries)
        case_frequency = Counter(sum(limited_by_task.get(task, []), []))
        correct_by_completion = {completion: ok for completion, ok in entries}
        pairs = passed_pairs.get(task, set())
        if not pairs:
            per_task[task] = sum(ok for _, ok in entries) / len(entries)
            continue
        passing_solutions = {completion for completion, _ in pairs}
        passing_cases = {case for _, case in pairs}
        solution_ids, start = {}, 0
        for completion, count in solution_frequency.items():
            if completion in passing_solutions:
                solution_ids[completion] = range(start, start + count)
                start += count
        case_ids, start = {}, 0
        for case, count in case_frequency.items():
            if case in passing_cases:
                case_ids[case] = range(start, start + count)
                start += count
        passed_cases_of = defaultdict(list)
        id_to_completion = {}
        for completion, case in pairs:
            for solution_id in solution_ids[completion]:
                id_to_completion[solution_id] = completion
                passed_cases_of[solution_id] += list(case_ids[case])
        groups = defaultdict(list)
        for solution_id, passed in passed_cases_of.items():
            groups[tuple(sorted(passed))].append(solution_id)
        ranked = sorted(((members, len(case_set) * math.sqrt(len(members))) for case_set, members in groups.items()),
                        key=lambda item: item[1], reverse=True)
        best = ranked[0][1]
        top = [member for members, score in ranked if score == best for member in members]
        per_task[task] = sum(correct_by_completion[id_to_completion[member]] for member in top) / len(top)
    output = {
        'pass@1': sum(per_task.values()) / len(per_task),
        'perTask': per_task,
        'executions': len(jobs),
        'seconds': time.time() - started,
    }
    with open(out_file, 'w') as handle:
        json.dump(output, handle)
    print(json.dumps({'pass@1': output['pass@1'], 'executions': len(jobs), 'seconds': output['seconds']}))


if __name__ == '__main__':
    main()
