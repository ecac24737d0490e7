"""Runs recorded HumanEval samples three ways, for bench/selection/lone-example.ts (w239).

Reads one job a line on stdin (a job without examples is answered unrun): {id, code, examples: [{call, expected}], hidden, entry, asserts: [str]}
and writes one result a line: {id, examples: passed|failed|error|none, hidden: bool, asserts: {ran, passed}}.
Each run is a forked child with a time limit, in a scratch directory, output thrown away: a sample that
hangs, exits or mutates shared state spoils only its own run. The request's examples are compared as
vouch's `examples` check compares them (tasks/python-values.ts `sameAsExample`: a float expected is
close within 1e-6 relative or 1e-9 absolute, lists and tuples item by item and of the same kind, the rest
by Python's ==), on plain values only (a result of another class fails, as there).
"""

import ast
import io
import json
import math
import os
import signal
import sys
import tempfile

LIMIT = 3
PLAIN = (int, float, complex, bool, str, bytes, list, tuple, dict, set, frozenset, type(None))


def plain(value):
    if type(value) not in PLAIN:
        return False
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(plain(item) for item in value)
    if isinstance(value, dict):
        return all(plain(k) and plain(v) for k, v in value.items())
    return True


def same(actual, expected):
    if isinstance(expected, float) and type(actual) in (int, float, bool):
        if actual == expected:
            return True
        if not (math.isfinite(actual) and math.isfinite(expected)):
            return False
        diff = abs(expected - actual)
        return diff <= abs(1e-6 * expected) or diff <= abs(1e-6 * actual) or diff <= 1e-9
    if isinstance(expected, (list, tuple)) and type(actual) is type(expected):
        return len(actual) == len(expected) and all(same(a, e) for a, e in zip(actual, expected))
    return actual == expected


def child(job, phase, write):
    signal.alarm(LIMIT)
    sys.stdout = io.StringIO()
    sys.stderr = io.StringIO()
    scope = {'__name__': 'solution'}
    try:
        exec(compile(job['code'], 'solution.py', 'exec'), scope)
    except BaseException:
        write({'loaded': False})
        return
    if phase == 'examples':
        for example in job['examples']:
            try:
                actual = eval(example['call'], scope)
            except BaseException:
                write({'loaded': True, 'result': 'error'})
                return
            if not plain(actual) or not same(actual, ast.literal_eval(example['expected'])):
                write({'loaded': True, 'result': 'failed'})
                return
        write({'loaded': True, 'result': 'passed'})
    elif phase == 'hidden':
        try:
            exec(job['hidden'] + '\n' + f"check({job['entry']})\n", scope)
            write({'loaded': True, 'result': True})
        except BaseException:
            write({'loaded': True, 'result': False})
    else:
        ran = passed = 0
        for text in job['asserts']:
            ran += 1
            try:
                exec(text, dict(scope))
                passed += 1
            except BaseException:
                pass
        write({'loaded': True, 'result': {'ran': ran, 'passed': passed}})


def run(job, phase):
    read, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        # a sample that reads its input must not read the jobs
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        out = os.fdopen(write_end, 'w')

        def write(value):
            out.write(json.dumps(value))
            out.flush()

        try:
            child(job, phase, write)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read) as pipe:
        text = pipe.read()
    os.waitpid(pid, 0)
    try:
        return json.loads(text)
    except ValueError:
        return {'loaded': True, 'result': None}


def main():
    os.chdir(tempfile.mkdtemp(prefix='lone-example-'))
    for line in sys.stdin:
        job = json.loads(line)
        result = {'id': job['id']}
        if not job['examples']:
            # a problem without examples is counted, not run
            sys.__stdout__.write(json.dumps({**result, 'examples': 'none', 'hidden': False, 'asserts': {'ran': 0, 'passed': 0}}) + '\n')
            sys.__stdout__.flush()
            continue
        if job['examples']:
            outcome = run(job, 'examples')
            result['examples'] = outcome.get('result') or 'error'
        else:
            result['examples'] = 'none'
        result['hidden'] = run(job, 'hidden').get('result') is True
        # the model's tests are read only where the examples passed
        wanted = job['asserts'] and result['examples'] == 'passed'
        asserts = run(job, 'asserts').get('result') if wanted else None
        result['asserts'] = asserts if isinstance(asserts, dict) else {'ran': len(job['asserts']), 'passed': 0}
        sys.__stdout__.write(json.dumps(result) + '\n')
        sys.__stdout__.flush()


if __name__ == '__main__':
    main()
