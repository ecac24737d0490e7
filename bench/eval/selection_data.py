"""
Builds a SYNTHETIC selection benchmark at real scale from HumanEval alone, deterministically (seeded): for
every problem, 100 candidate completions and 100 model-style test files, shaped like recorded model output
(CodeGen-16B on HumanEval as CodeT published it: most test files short, many wrong, many broken). It
stresses the machinery (engine, timeouts, merging, resumption); it chooses no default and backs no claim:
those rest on real model output (bench/eval/real-run.ts).

Candidates: the reference solution (as written, re-printed, with renamed locals, with comments) and AST
mutants of it -- off-by-one constants, flipped operators and comparisons, dropped guards (a missing edge
case), swapped min/max, deleted statements (a loop that never advances hangs), explicit infinite loops,
crashes (a call to a helper that does not exist, NotImplementedError), empty bodies and completions cut
off mid-token (syntax errors). A few mutants per problem are "misconceptions": plausible wrong behaviours
that many samples share, preferring those that still pass the docstring's examples. Identical texts repeat
at Zipf-like rates, as sampled completions do.

Test files: assertions on the docstring's examples (often copied right) and on perturbed inputs, whose
expected values come from the writer's belief (the reference solution, a misconception, or noise), in the
forms models write (`== value`, `is True`, bare truthiness, `not`, messages, `abs(..) < eps`, reversed,
`def check(candidate)`), plus what makes real tests hard: empty answers, bare `assert`, `____`
placeholders, calls to helpers that do not exist, imports of missing packages, inputs so large that even a
correct solution hangs, and a last assertion cut off mid-way.

Everything executed here is the dataset's reference code or mutants built from it (trusted), run in forked
children with memory, CPU and per-call time limits. Usage:

    python3 selection_data.py HumanEval.jsonl.gz OUT_DIR SEED MIX

writes OUT_DIR/samples.jsonl ({task_id, completion}), OUT_DIR/tests.jsonl ({task_id, test}) and
OUT_DIR/meta.jsonl (what each sample was built as; for analysis only, never read by a ranking).
"""
import ast
import copy
import gzip
import io
import json
import multiprocessing
import os
import pickle
import random
import re
import resource
import signal
import sys

SAMPLES = 100
TEST_FILES = 100
# Generous: whether a mutant counts as hanging must not depend on how loaded the machine is.
CALL_SECONDS = 0.5

# Two mixes: "standard" is what the ranking may be tuned on; "shifted" (held out) moves every rate.
MIXES = {
    'standard': {
        'unsolved': 0.27,  # problems where the model never writes a correct solution
        'competence': (0.9, 2.6),  # Beta(a, b): share of correct samples on the other problems
        'misconception': 0.55,  # of wrong samples: one of the problem's popular wrong behaviours
        'broken': 0.2,  # of wrong samples: cut off, crash, empty body
        'loop': 0.0035,  # of all samples: hangs (an infinite loop, or a loop that never advances)
        'surface_zipf': 1.5,  # larger: the same text repeats more
        'misconceptions': (2, 5),
        'garbage_tests': 0.35,  # test files with nothing usable
        'test_competence': (0.2, 0.55),  # writer believes the reference: a + b * correct share
        'copy_examples': 0.8,  # an assertion on a docstring example gets the documented value
        'noise': 0.12,  # an assertion's value is mistyped
        'helper': 0.08,
        'slow': 0.05,
        'bad_import': 0.04,
        'cut': 0.35,
        'check_style': 0.15,
    },
    'shifted': {
        'unsolved': 0.22,
        'competence': (0.8, 2.6),
        'misconception': 0.65,
        'broken': 0.25,
        'loop': 0.006,
        'surface_zipf': 1.1,
        'misconceptions': (1, 4),
        'garbage_tests': 0.45,
        'test_competence': (0.1, 0.6),
        'copy_examples': 0.7,
        'noise': 0.18,
        'helper': 0.12,
        'slow': 0.08,
        'bad_import': 0.08,
        'cut': 0.45,
        'check_style': 0.25,
    },
}


# ---------------------------------------------------------------------------------------------------------
# Running trusted code with limits


class CallTimeout(BaseException):
    pass


def _on_alarm(signum, frame):
    raise CallTimeout()


def _bounded_repr(value):
    text = repr(value)
    return text if len(text) <= 4000 else text[:4000] + '...'


def behave(source, entry, inputs, seconds=CALL_SECONDS, max_timeouts=1):
    """Outcome of entry(*args) for each input: ('ok', repr) | ('error', name) | ('timeout',)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        outcomes = []
        try:
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
            cpu = int(len(inputs) * seconds + 5)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            sys.setrecursionlimit(3000)
            devnull = open(os.devnull, 'w')
            sys.stdout = sys.stderr = devnull
            signal.signal(signal.SIGALRM, _on_alarm)
            namespace = {'__name__': '__candidate__'}
            try:
                signal.setitimer(signal.ITIMER_REAL, 1.0)
                exec(compile(source, '<candidate>', 'exec'), namespace)
                signal.setitimer(signal.ITIMER_REAL, 0)
                function = namespace[entry]
            except BaseException as error:
                signal.setitimer(signal.ITIMER_REAL, 0)
                outcomes = [('error', type(error).__name__)] * len(inputs)
                function = None
            timeouts = 0
            for args in inputs if function else []:
                if timeouts >= max_timeouts:
                    outcomes.append(('timeout',))
                    continue
                try:
                    signal.setitimer(signal.ITIMER_REAL, seconds)
                    result = function(*copy.deepcopy(args))
                    text = _bounded_repr(result)
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    outcomes.append(('ok', text))
                except CallTimeout:
                    timeouts += 1
                    outcomes.append(('timeout',))
                except BaseException as error:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    outcomes.append(('error', type(error).__name__))
        except BaseException:
            pass
        data = pickle.dumps(outcomes)
        view = memoryview(data)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
        os._exit(0)
    os.close(write_fd)
    chunks = []
    signal.signal(signal.SIGALRM, _on_alarm)
    try:
        signal.setitimer(signal.ITIMER_REAL, len(inputs) * seconds * 1.5 + 5)
        while True:
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except CallTimeout:
        os.kill(pid, signal.SIGKILL)
    os.close(read_fd)
    os.waitpid(pid, 0)
    try:
        outcomes = pickle.loads(b''.join(chunks))
    except Exception:
        outcomes = []
    if len(outcomes) != len(inputs):
        outcomes = (outcomes + [('timeout',)] * len(inputs))[: len(inputs)]
    return outcomes


# ---------------------------------------------------------------------------------------------------------
# Inputs: the docstring's examples, and perturbations of them and of the shapes the hidden tests use


def balanced_call(text, start):
    """The text of a call starting at `start` (at the function name), up to its closing parenthesis."""
    depth = 0
    quote = None
    for index in range(text.index('(', start), len(text)):
        char = text[index]
        if quote:
            if char == quote and text[index - 1] != '\\':
                quote = None
        elif char in '\'"':
            quote = char
        elif char in '([{':
            depth += 1
        elif char in ')]}':
            depth -= 1
            if depth == 0:
                return text[start: index + 1]
    return None


def literal_args(call_text):
    try:
        node = ast.parse(call_text.strip(), mode='eval').body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    try:
        return tuple(ast.literal_eval(arg) for arg in node.args)
    except (ValueError, SyntaxError, TypeError):
        return None


def docstring_examples(prompt, entry):
    examples = []
    for match in re.finditer(r'\b%s\(' % re.escape(entry), prompt):
        if prompt[: match.start()].rstrip().endswith('def'):
            continue
        call = balanced_call(prompt, match.start())
        args = literal_args(call) if call else None
        if args is not None and args not in examples:
            examples.append(args)
    return examples


def hidden_shapes(test):
    shapes = []
    for node in ast.walk(ast.parse(test)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'candidate':
            try:
                args = tuple(ast.literal_eval(arg) for arg in node.args)
            except (ValueError, SyntaxError, TypeError):
                continue
            if not node.keywords and args not in shapes:
                shapes.append(args)
    return shapes


def perturb(value, rng, depth=0):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return rng.choice([value + 1, value - 1, value * 2, value + rng.randint(2, 9), 0, -value or 1, 1])
    if isinstance(value, float):
        return rng.choice([round(value + 0.5, 2), round(value * 2, 2), round(value - 1.25, 2), 0.0])
    if isinstance(value, str):
        if not value:
            return rng.choice(['a', 'ab', ' ', 'Hello'])
        choice = rng.randrange(5)
        position = rng.randrange(len(value))
        if choice == 0:
            return value[:position] + value[position + 1:]
        if choice == 1:
            return value[:position] + value[position] + value[position:]
        if choice == 2:
            return value[::-1]
        if choice == 3:
            return value + value[-1]
        letters = 'abcdefghijklmnopqrstuvwxyz' if value[position].islower() else value
        return value[:position] + rng.choice(letters) + value[position + 1:]
    if isinstance(value, (list, tuple)):
        items = list(value)
        choice = rng.randrange(6)
        if (choice == 0 or depth > 1) and items:
            items.pop(rng.randrange(len(items)))
        elif choice == 1 and items:
            items.append(copy.deepcopy(rng.choice(items)))
        elif choice == 2 and items:
            rng.shuffle(items)
        elif choice == 3:
            items = items[:1] if rng.random() < 0.5 else []
        elif items:
            index = rng.randrange(len(items))
            items[index] = perturb(items[index], rng, depth + 1)
        return items if isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        items = dict(value)
        if items and rng.random() < 0.5:
            items.pop(rng.choice(list(items)))
        elif items:
            key = rng.choice(list(items))
            items[key] = perturb(items[key], rng, depth + 1)
        return items
    return value


def perturb_args(args, rng):
    args = list(copy.deepcopy(args))
    if not args:
        return tuple(args)
    for _ in range(rng.choice([1, 1, 1, 2])):
        index = rng.randrange(len(args))
        args[index] = perturb(args[index], rng)
    return tuple(args)


class Huge(list):
    """A long list that a test writes as an expression, not as a literal."""

    def __repr__(self):
        return 'list(range(%d))' % len(self)

    def __deepcopy__(self, memo):
        return list(self)


def slow_args(args):
    """The same call with a huge number or a huge list: a test that even a correct solution may not finish."""
    changed = list(args)
    for index, value in enumerate(changed):
        if isinstance(value, int) and not isinstance(value, bool):
            changed[index] = 10 ** 9 + 7
            return tuple(changed)
        if isinstance(value, list) and value and isinstance(value[0], int) and not isinstance(value[0], bool):
            changed[index] = Huge(range(1_000_000))
            return tuple(changed)
    return None


def is_literal_repr(text):
    try:
        ast.literal_eval(text)
        return True
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return False


# ---------------------------------------------------------------------------------------------------------
# Candidates: surface variants and AST mutants of the reference body


def entry_function(tree, entry):
    return [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == entry][-1]


def body_statements(function):
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], 'value', None), ast.Constant):
        if isinstance(body[0].value.value, str):
            body = body[1:]
    return body


def render_body(statements):
    text = '\n'.join(ast.unparse(statement) for statement in statements)
    return ''.join('    ' + line + '\n' if line.strip() else '\n' for line in text.split('\n'))


class Renamer(ast.NodeTransformer):
    def __init__(self, names):
        self.names = names

    def visit_Name(self, node):
        if node.id in self.names:
            node.id = self.names[node.id]
        return node

    def visit_arg(self, node):
        if node.arg in self.names:
            node.arg = self.names[node.arg]
        return node


def local_names(statements):
    names = []
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id not in names:
                names.append(node.id)
    return names


RENAMES = ['result', 'res', 'ans', 'out', 'acc', 'tmp', 'value', 'val', 'item', 'elem', 'idx', 'k', 'cnt', 'total']


def renamed(statements, rng):
    names = local_names(statements)
    if not names:
        return None
    pool = [name for name in RENAMES if name not in names]
    rng.shuffle(pool)
    mapping = {name: pool[index] for index, name in enumerate(names[: len(pool)])}
    return [Renamer(mapping).visit(copy.deepcopy(statement)) for statement in statements]


COMMENTS = ['# edge case first', '# iterate over the input', '# build the answer', '# done', '# TODO: optimise']


def commented(text, rng):
    lines = text.split('\n')
    index = rng.randrange(max(1, len(lines) - 1))
    indent = re.match(r'\s*', lines[index]).group(0) or '    '
    lines.insert(index, indent + rng.choice(COMMENTS))
    return '\n'.join(lines)


SWAPS = {
    ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Add, ast.FloorDiv], ast.FloorDiv: [ast.Div, ast.Mod],
    ast.Div: [ast.FloorDiv, ast.Mult], ast.Mod: [ast.FloorDiv], ast.Pow: [ast.Mult],
    ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt],
    ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.In: [ast.NotIn], ast.NotIn: [ast.In],
    ast.And: [ast.Or], ast.Or: [ast.And], ast.Is: [ast.IsNot], ast.IsNot: [ast.Is],
}
CALL_SWAPS = {'min': 'max', 'max': 'min', 'sorted': 'reversed', 'any': 'all', 'all': 'any', 'sum': 'len',
              'lower': 'upper', 'upper': 'lower', 'isupper': 'islower', 'islower': 'isupper', 'append': 'insert'}


def mutation_sites(statements):
    """Every (kind, path) a single mutation can apply to, in a deterministic order."""
    sites = []
    for top, statement in enumerate(statements):
        for node_index, node in enumerate(ast.walk(statement)):
            key = (top, node_index)
            if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in SWAPS:
                sites += [('op', key, option) for option in SWAPS[type(node.op)]]
            elif isinstance(node, ast.BoolOp):
                sites.append(('op', key, SWAPS[type(node.op)][0]))
            elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in SWAPS:
                sites += [('cmp', key, option) for option in SWAPS[type(node.ops[0])]]
            elif isinstance(node, ast.Constant) and type(node.value) is int:
                sites += [('const', key, 1), ('const', key, -1)]
            elif isinstance(node, ast.Constant) and type(node.value) is bool:
                sites.append(('flip', key, None))
            elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                sites.append(('unnot', key, None))
            elif isinstance(node, ast.If):
                sites += [('drop-if', key, None), ('negate', key, None)]
            elif isinstance(node, ast.Call):
                name = getattr(node.func, 'id', None) or getattr(node.func, 'attr', None)
                if name in CALL_SWAPS:
                    sites.append(('call', key, CALL_SWAPS[name]))
                if name == 'range' and node.args:
                    sites += [('range', key, 1), ('range', key, -1)]
            elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                sites.append(('index', key, None))
            elif isinstance(node, ast.Slice):
                sites.append(('slice', key, None))
            if isinstance(node, (ast.AugAssign, ast.Assign, ast.Expr)) and node_index > 0:
                sites.append(('delete', key, None))
        sites.append(('delete-top', (top, 0), None))
    return sites


def apply_mutation(statements, site):
    kind, (top, node_index), option = site
    mutated = copy.deepcopy(statements)
    nodes = list(ast.walk(mutated[top]))
    node = nodes[node_index]
    if kind == 'op':
        node.op = option()
    elif kind == 'cmp':
        node.ops = [option()]
    elif kind == 'const':
        node.value = node.value + option
    elif kind == 'flip':
        node.value = not node.value
    elif kind == 'unnot':
        replacement = node.operand
        for parent in nodes:
            for field, value in ast.iter_fields(parent):
                if value is node:
                    setattr(parent, field, replacement)
                elif isinstance(value, list):
                    for position, item in enumerate(value):
                        if item is node:
                            value[position] = replacement
    elif kind == 'drop-if':
        if node is mutated[top]:
            mutated.pop(top)
        else:
            node.test = ast.Constant(False)
    elif kind == 'negate':
        node.test = ast.UnaryOp(ast.Not(), node.test)
    elif kind == 'call':
        if isinstance(node.func, ast.Name):
            node.func.id = option
        else:
            node.func.attr = option
    elif kind == 'range':
        last = node.args[-1] if len(node.args) < 3 else node.args[1]
        node.args[node.args.index(last)] = ast.BinOp(last, ast.Add() if option > 0 else ast.Sub(), ast.Constant(1))
    elif kind == 'index':
        value = node.slice.value
        node.slice = ast.Constant(-1 - value if isinstance(value, int) and value >= 0 else 0)
    elif kind == 'slice':
        if node.lower is None and node.upper is None and node.step is not None:
            node.step = None
        elif node.upper is not None:
            node.upper = ast.BinOp(node.upper, ast.Sub(), ast.Constant(1))
        else:
            node.lower = ast.BinOp(node.lower or ast.Constant(0), ast.Add(), ast.Constant(1))
    elif kind in ('delete', 'delete-top'):
        if kind == 'delete-top':
            mutated.pop(top)
        else:
            for parent in nodes:
                for field, value in ast.iter_fields(parent):
                    if isinstance(value, list) and node in value and len(value) > 1:
                        value.remove(node)
                        break
                    if isinstance(value, list) and node in value:
                        value[value.index(node)] = ast.Pass()
                        break
    if not mutated:
        mutated = [ast.Pass()]
    return [ast.fix_missing_locations(statement) for statement in mutated]


BROKEN = [
    ('empty', '    pass\n'),
    ('none', '    return None\n'),
    ('not-implemented', '    raise NotImplementedError()\n'),
]


def helper_call(entry, params):
    return '    return %s_helper(%s)\n' % (entry, ', '.join(params))


def cut_off(prompt, text, rng):
    """A completion cut mid-token, as a model that ran out of tokens leaves it: does not compile."""
    for _ in range(20):
        position = rng.randrange(max(2, len(text) // 3), max(3, len(text) - 1))
        cut = text[:position]
        try:
            compile(prompt + cut, '<cut>', 'exec')
        except SyntaxError:
            return cut
    return text + '\n    return (\n'


# ---------------------------------------------------------------------------------------------------------
# Test files


GARBAGE = [
    '\n', '\n\n', 'assert\nassert\nassert\n', 'assert ____ == ____, "test failed"\n\nimport timeit\n',
    'assert _________ == _________\n', 'from typing import List\n\n', '    """\n    pass\n',
    'assert \nassert \nassert \n', 'import unittest\n', 'assert ___, "Fill me"\n',
]
MESSAGES = ['"test failed"', "'Should be True'", '"Wrong answer"', "'1st example'", '"edge case"']
HELPERS = ['is_sorted', 'is_valid', 'check_result', 'helper', 'brute_force']
MISSING_MODULES = ['numpy as np', 'pandas as pd', 'hypothesis', 'sympy']


def value_text(value):
    return repr(value)


def mistype(text, rng):
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return text
    return value_text(perturb(value, rng))


def write_assertion(call, expected, rng, bool_forms=True):
    """One assertion on `call` (source text) with `expected` (a repr), in one of the forms models use."""
    roll = rng.random()
    if bool_forms and expected in ('True', 'False'):
        if roll < 0.3:
            return 'assert %s is %s' % (call, expected)
        if roll < 0.6:
            return 'assert %s' % call if expected == 'True' else 'assert not %s' % call
    if expected.replace('.', '', 1).lstrip('-').isdigit() and '.' in expected and roll < 0.3:
        rounded = repr(round(float(expected), 2))
        return 'assert abs(%s - %s) < 1e-6' % (call, rounded)
    if roll < 0.08:
        return 'assert %s == %s' % (expected, call)
    if roll < 0.2:
        return 'assert %s == %s, %s' % (call, expected, rng.choice(MESSAGES))
    return 'assert %s == %s' % (call, expected)


def call_text(name, args):
    return '%s(%s)' % (name, ', '.join(value_text(arg) for arg in args))


# ---------------------------------------------------------------------------------------------------------
# One problem


def zipf_pick(rng, options, exponent):
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(options))]
    return rng.choices(options, weights)[0]


def type_of(outcome):
    return type(ast.literal_eval(outcome[1])).__name__ if outcome[0] == 'ok' and is_literal_repr(outcome[1]) \
        else outcome[0]


def is_plausible(outcomes, reference):
    """A wrong behaviour a model might well have in mind: answers of the right type that depend on the input."""
    if not outcomes:
        return False
    ok = [outcome for outcome in outcomes if outcome[0] == 'ok']
    if len(ok) < 0.8 * len(outcomes):
        return False
    same_type = sum(1 for mine, theirs in zip(outcomes, reference) if type_of(mine) == type_of(theirs))
    if same_type < 0.8 * len(outcomes):
        return False
    return len({outcome[1] for outcome in ok}) > 1 or len({outcome[1] for outcome in reference}) == 1


def build_problem(problem, index, seed, mix):
    rng = random.Random('%d:%d' % (seed, index))
    entry = problem['entry_point']
    prompt = problem['prompt']
    reference = problem['canonical_solution']
    tree = ast.parse(prompt + reference)
    function = entry_function(tree, entry)
    params = [arg.arg for arg in function.args.args]
    statements = body_statements(function)

    # Inputs: examples as documented, then perturbations of examples and of the hidden tests' shapes.
    examples = docstring_examples(prompt, entry)
    shapes = hidden_shapes(problem['test'])
    seeds = examples + shapes
    pool = []
    for _ in range(60):
        if not seeds:
            break
        args = perturb_args(rng.choice(seeds), rng)
        if args not in pool and args not in shapes:
            pool.append(args)
    inputs = examples + pool
    truth = behave(prompt + reference, entry, inputs, max_timeouts=len(inputs))
    valid = [(args, outcome[1]) for args, outcome in zip(inputs, truth)
             if outcome[0] == 'ok' and is_literal_repr(outcome[1])]
    valid_examples = [item for item in valid if item[0] in examples]
    valid_pool = [item for item in valid if item[0] not in examples][:30]
    probe_inputs = [args for args, _ in valid_examples + valid_pool]
    slow = [slow_args(args) for args in seeds]
    slow = [args for args in slow if args is not None][:1]

    # Mutants, with their behaviour on the probe inputs.
    reference_outcomes = [('ok', text) for _, text in valid_examples + valid_pool]
    example_count = len(valid_examples)
    sites = mutation_sites(statements)
    rng.shuffle(sites)
    mutants = []
    seen_bodies = {render_body(statements)}
    for site in sites[:80]:
        try:
            body = render_body(apply_mutation(statements, site))
            compile(prompt + body, '<mutant>', 'exec')
        except (SyntaxError, ValueError, TypeError, AttributeError, IndexError, RecursionError):
            continue
        if body in seen_bodies:
            continue
        seen_bodies.add(body)
        outcomes = behave(prompt + body, entry, probe_inputs)
        differs = [a != b for a, b in zip(outcomes, reference_outcomes)]
        hangs = sum(1 for outcome in outcomes if outcome[0] == 'timeout')
        errors = sum(1 for outcome in outcomes if outcome[0] == 'error')
        mutants.append({
            'site': site[0], 'body': body, 'outcomes': outcomes,
            'equivalent': not any(differs), 'subtle': any(differs) and not any(differs[:example_count]),
            'hangs': hangs, 'crashes': errors > len(outcomes) // 2,
        })
    equivalent = [mutant for mutant in mutants if mutant['equivalent']]
    # Hangs are rare in sampled code: only the `loop` rate makes them.
    wrong = [mutant for mutant in mutants if not mutant['equivalent'] and mutant['hangs'] == 0]
    plausible = [mutant for mutant in wrong if is_plausible(mutant['outcomes'], reference_outcomes)]
    # Misconceptions: plausible wrong behaviours many samples share; subtle ones first (pass the examples).
    plausible.sort(key=lambda mutant: (not mutant['subtle'], rng.random()))
    low, high = mix['misconceptions']
    misconceptions = plausible[: rng.randint(low, high)]
    hangers = [mutant for mutant in mutants if mutant['hangs'] > 0]

    # The correct texts: as written, re-printed, renamed, commented; equivalent mutants are other writings.
    correct_texts = [reference, render_body(statements)]
    alias = renamed(statements, rng)
    if alias:
        correct_texts.append(render_body(alias))
    correct_texts.append(commented(reference, rng))
    correct_texts += [mutant['body'] for mutant in equivalent[:2]]

    def surfaces(body_statements_or_text):
        if isinstance(body_statements_or_text, str):
            return [body_statements_or_text, commented(body_statements_or_text, rng)]
        texts = [render_body(body_statements_or_text)]
        alias = renamed(body_statements_or_text, rng)
        if alias:
            texts.append(render_body(alias))
        texts.append(commented(texts[0], rng))
        return texts

    misconception_texts = []
    for mutant in misconceptions:
        parsed = body_statements(entry_function(ast.parse(prompt + mutant['body']), entry))
        misconception_texts.append(surfaces(parsed))

    solvable = rng.random() >= mix['unsolved']
    correct_share = rng.betavariate(*mix['competence']) if solvable else 0.0
    if solvable:
        correct_share = max(correct_share, 0.02)
    zipf = mix['surface_zipf']
    samples = []
    for _ in range(SAMPLES):
        roll = rng.random()
        if roll < mix['loop']:
            hang = rng.choice(hangers) if hangers and rng.random() < 0.5 else None
            body = hang['body'] if hang else '    while True:\n        pass\n'
            samples.append((body, 'loop'))
        elif roll < mix['loop'] + correct_share:
            samples.append((zipf_pick(rng, correct_texts, zipf), 'correct'))
        else:
            kind = rng.random()
            if kind < mix['misconception'] and misconception_texts:
                which = zipf_pick(rng, list(range(len(misconception_texts))), 1.0)
                samples.append((zipf_pick(rng, misconception_texts[which], zipf), 'misconception-%d' % which))
            elif kind < mix['misconception'] + mix['broken']:
                broken = rng.random()
                if broken < 0.4:
                    samples.append((cut_off(prompt, zipf_pick(rng, correct_texts, zipf), rng), 'cut-off'))
                elif broken < 0.6:
                    samples.append((helper_call(entry, params), 'missing-helper'))
                else:
                    name, text = zipf_pick(rng, BROKEN, 1.0)
                    samples.append((text, name))
            elif wrong:
                mutant = rng.choice(wrong)
                samples.append((mutant['body'], 'mutant-' + mutant['site']))
            else:
                samples.append(('    return None\n', 'none'))

    # Beliefs of test writers: the reference, a misconception, or noise.
    beliefs = [('reference', [text for _, text in valid_examples + valid_pool])]
    for position, mutant in enumerate(misconceptions):
        beliefs.append(('misconception-%d' % position,
                        [outcome[1] if outcome[0] == 'ok' and is_literal_repr(outcome[1]) else None
                         for outcome in mutant['outcomes']]))
    low, high = mix['test_competence']
    test_competence = min(0.95, low + high * correct_share + rng.uniform(-0.1, 0.1))
    probes = valid_examples + valid_pool
    tests = []
    for _ in range(TEST_FILES):
        if rng.random() < mix['garbage_tests'] or not probes:
            tests.append(rng.choice(GARBAGE))
            continue
        if rng.random() < test_competence or len(beliefs) == 1:
            belief = beliefs[0]
        else:
            belief = beliefs[1 + zipf_pick(rng, list(range(len(beliefs) - 1)), 1.0)] if rng.random() < 0.75 \
                else ('noise', None)
        check_style = rng.random() < mix['check_style']
        name = 'candidate' if check_style else entry
        count = min(len(probes), max(1, int(rng.expovariate(1 / 6.0)) + 1), 15)
        chosen = []
        for position in range(count):
            if position < len(valid_examples) and rng.random() < 0.7:
                chosen.append(position)
            else:
                chosen.append(rng.randrange(len(probes)))
        lines = []
        for position in chosen:
            args, truth_text = probes[position]
            is_example = position < len(valid_examples)
            if is_example and rng.random() < mix['copy_examples']:
                expected = truth_text
            elif belief[0] == 'noise':
                expected = mistype(truth_text, rng)
            else:
                expected = belief[1][position] or mistype(truth_text, rng)
            if rng.random() < mix['noise']:
                expected = mistype(expected, rng)
            lines.append(write_assertion(call_text(name, args), expected, rng))
        if rng.random() < mix['helper']:
            args, truth_text = rng.choice(probes)
            helper = rng.choice(HELPERS)
            lines.insert(rng.randrange(len(lines) + 1), 'assert %s(%s)' % (helper, call_text(name, args)))
        if slow and rng.random() < mix['slow']:
            # The writer cannot know the value for a huge input (nor, here, can the benchmark in bounded
            # time): it guesses one of the shape of the others.
            args = rng.choice(slow)
            expected = mistype(probes[0][1], rng)
            lines.insert(rng.randrange(len(lines) + 1), 'assert %s == %s' % (call_text(name, args), expected))
        text = '\n'.join(lines) + '\n'
        if check_style:
            text = 'def check(candidate):\n' + ''.join('    ' + line + '\n' for line in lines) + \
                '\ncheck(%s)\n' % entry
        if rng.random() < mix['bad_import']:
            text = 'import %s\n\n' % rng.choice(MISSING_MODULES) + text
        if rng.random() < mix['cut'] and len(text) > 20:
            last = text.rstrip('\n').rfind('\n')
            tail = text[last + 1:]
            text = text[: last + 1] + tail[: rng.randrange(1, max(2, len(tail)))]
        tests.append(text)

    return {
        'samples': samples,
        'tests': tests,
        'summary': {
            'examples': len(valid_examples), 'probes': len(probes), 'mutants': len(mutants),
            'equivalent': len(equivalent), 'misconceptions': len(misconceptions), 'correct_share': correct_share,
            'test_competence': test_competence, 'slow_inputs': len(slow),
        },
    }


def build_job(job):
    return build_problem(*job)


def main():
    source, out_dir, seed, mix_name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    mix = MIXES[mix_name]
    with gzip.open(source, 'rt') if source.endswith('.gz') else open(source) as handle:
        problems = [json.loads(line) for line in handle if line.strip()]
    only = sys.argv[5].split(',') if len(sys.argv) > 5 else None
    workers = int(os.environ.get('SELECTION_DATA_WORKERS', '2'))
    chosen = [(problem, index, seed, mix) for index, problem in enumerate(problems)
              if only is None or str(index) in only]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'samples.jsonl'), 'w') as samples_out, \
            open(os.path.join(out_dir, 'tests.jsonl'), 'w') as tests_out, \
            open(os.path.join(out_dir, 'meta.jsonl'), 'w') as meta_out, \
            multiprocessing.get_context('fork').Pool(workers) as pool:
        # Each problem draws from its own seeded generator, so the output does not depend on the workers.
        for (problem, *_), built in zip(chosen, pool.imap(build_job, chosen)):
            task = problem['task_id']
            for completion, variant in built['samples']:
                samples_out.write(json.dumps({'task_id': task, 'completion': completion}) + '\n')
                meta_out.write(json.dumps({'task_id': task, 'variant': variant}) + '\n')
            for test in built['tests']:
                tests_out.write(json.dumps({'task_id': task, 'test': test}) + '\n')
            sys.stderr.write('%s %s\n' % (task, json.dumps(built['summary'])))


if __name__ == '__main__':
    sys.stdout = io.TextIOWrapper(sys.stdout.buffer, encoding='utf-8')
    main()
