/**
 * The differential tester for Python, run in the sandbox: it loads the old and the new version of the
 * module side by side, calls each function with the same inputs and compares what comes back (value and
 * type), what is raised (the exception's type), what is printed, and what happens to mutable arguments.
 *
 * Inputs, in order: the examples in the docstring (`>>> f(...)`), the literal calls in the project's
 * tests, then generated ones — boundary values first (0, ±1, ±2, empty, large), then random values of
 * the parameters' annotated types (or of their defaults' types, or a mix), property-style with a fixed
 * seed. A difference is shrunk (numbers toward 0, strings and lists shorter) to the smallest input that
 * still shows it: that is the counterexample.
 */
export const PYTHON_DIFFERENTIAL = String.raw`
import ast, contextlib, copy, importlib.util, inspect, io, json, math, os, random, signal, sys, typing
CONFIG = json.loads(open('vouch_differential.json').read())
rng = random.Random(CONFIG['seed'])


def load(file, tag):
    name = CONFIG['names'][0]
    spec = importlib.util.spec_from_file_location(name, os.path.join(os.getcwd(), file))
    module = importlib.util.module_from_spec(spec)
    saved = {key: sys.modules.get(key) for key in CONFIG['names']}
    for key in CONFIG['names']:
        sys.modules[key] = module
    try:
        spec.loader.exec_module(module)
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value
    return module


INTS = [0, 1, -1, 2, -2, 3, -3, 10, -10, 100, -100, 2**31, -(2**31)]
FLOATS = [0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1e6, -1e6, 1e-9]
STRS = ['', 'a', 'abc', 'A b C', ' padded ', '-1', '0', '42', 'a,b,c', 'héllo', 'x' * 50]


def strategy(annotation, default):
    if annotation is inspect.Parameter.empty or annotation is typing.Any:
        if default is not inspect.Parameter.empty and default is not None:
            return strategy(type(default), inspect.Parameter.empty)
        return lambda: rng.choice([strategy(int, None), strategy(float, None), strategy(str, None), strategy(list, None)])()
    if isinstance(annotation, str):
        try:
            annotation = eval(annotation, vars(typing), {'list': list, 'dict': dict, 'tuple': tuple})
        except Exception:
            return strategy(inspect.Parameter.empty, default)
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is bool:
        return lambda: rng.choice([True, False])
    if annotation is int:
        return lambda: rng.choice(INTS) if rng.random() < 0.5 else rng.randint(-1000, 1000)
    if annotation is float:
        return lambda: rng.choice(FLOATS) if rng.random() < 0.5 else rng.uniform(-1000, 1000)
    if annotation is str:
        return lambda: rng.choice(STRS) if rng.random() < 0.6 else ''.join(rng.choice('abcXYZ 019-_,.') for _ in range(rng.randint(0, 12)))
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        options = [strategy(arg, inspect.Parameter.empty) if arg is not type(None) else (lambda: None) for arg in args]
        return lambda: rng.choice(options)()
    if annotation in (list, typing.List) or origin in (list, typing.List):
        element = strategy(args[0] if args else int, inspect.Parameter.empty)
        return lambda: [element() for _ in range(rng.choice([0, 1, 2, 3, 5, 8]))]
    if annotation in (tuple,) or origin is tuple:
        if args and args[-1] is not Ellipsis:
            parts = [strategy(arg, inspect.Parameter.empty) for arg in args]
            return lambda: tuple(part() for part in parts)
        element = strategy(args[0] if args else int, inspect.Parameter.empty)
        return lambda: tuple(element() for _ in range(rng.randint(0, 4)))
    if annotation in (dict,) or origin is dict:
        key = strategy(args[0] if args else str, inspect.Parameter.empty)
        value = strategy(args[1] if len(args) > 1 else int, inspect.Parameter.empty)
        return lambda: {key(): value() for _ in range(rng.randint(0, 4))}
    if annotation in (set,) or origin is set:
        element = strategy(args[0] if args else int, inspect.Parameter.empty)
        return lambda: {element() for _ in range(rng.randint(0, 4))}
    return None


def edges(annotation):
    if annotation is int:
        return INTS
    if annotation is float:
        return FLOATS
    if annotation is str:
        return STRS
    if annotation is bool:
        return [True, False]
    return []


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)


def call(function, args, kwargs):
    args = copy.deepcopy(args)
    kwargs = copy.deepcopy(kwargs)
    buffer = io.StringIO()
    signal.setitimer(signal.ITIMER_REAL, CONFIG['callTimeoutSec'])
    try:
        with contextlib.redirect_stdout(buffer):
            value = function(*args, **kwargs)
        outcome = ('return', value)
    except Timeout:
        outcome = ('timeout', None)
    except RecursionError:
        outcome = ('raise', 'RecursionError')
    except Exception as error:
        outcome = ('raise', type(error).__name__)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome, buffer.getvalue(), safe_repr((args, kwargs))


def safe_repr(value):
    try:
        text = repr(value)
    except Exception as error:
        text = '<unrepresentable %s>' % type(error).__name__
    return text if len(text) <= 300 else text[:297] + '...'


def same_value(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return bool(a == b)
    except Exception:
        return safe_repr(a) == safe_repr(b)


def same(old, new):
    (old_outcome, old_out, old_args), (new_outcome, new_out, new_args) = old, new
    if old_outcome[0] != new_outcome[0] or old_out != new_out or old_args != new_args:
        return False
    if old_outcome[0] == 'return':
        return same_value(old_outcome[1], new_outcome[1])
    return old_outcome[1] == new_outcome[1]


def describe(result):
    outcome, out, args_after = result
    if outcome[0] == 'return':
        text = 'returns %s' % safe_repr(outcome[1])
    elif outcome[0] == 'raise':
        text = 'raises %s' % outcome[1]
    else:
        text = 'does not finish within %ss' % CONFIG['callTimeoutSec']
    if out:
        text += ' and prints %s' % safe_repr(out)
    return text


def render_call(name, args, kwargs):
    parts = [safe_repr(arg) for arg in args] + ['%s=%s' % (key, safe_repr(value)) for key, value in kwargs.items()]
    return '%s(%s)' % (name, ', '.join(parts))


def shrink_value(value):
    if isinstance(value, bool):
        return [False] if value else []
    if isinstance(value, int):
        out = [0] if value != 0 else []
        if abs(value) > 1:
            out += [value // 2 if value > 0 else -((-value) // 2), value - 1 if value > 0 else value + 1]
        return out
    if isinstance(value, float):
        out = [0.0] if value != 0 else []
        if value != round(value):
            out.append(float(round(value)))
        if abs(value) > 1:
            out.append(value / 2)
        return out
    if isinstance(value, (str, list, tuple)):
        if not value:
            return []
        half = len(value) // 2
        out = [value[:0], value[:half], value[1:], value[:-1]]
        if isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                for smaller in shrink_value(item)[:2]:
                    copy_ = list(value)
                    copy_[index] = smaller
                    out.append(type(value)(copy_))
        return out
    return []


def differs(old_fn, new_fn, args, kwargs):
    return not same(call(old_fn, args, kwargs), call(new_fn, args, kwargs))


def shrink(old_fn, new_fn, args, kwargs):
    args = list(args)
    steps = 0
    improved = True
    while improved and steps < 300:
        improved = False
        for index in range(len(args)):
            for candidate in shrink_value(args[index]):
                steps += 1
                trial = list(args)
                trial[index] = candidate
                if differs(old_fn, new_fn, trial, kwargs):
                    args = trial
                    improved = True
                    break
            if improved:
                break
    return args, kwargs


def literal_calls(source, name):
    found = []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ((isinstance(node.func, ast.Name) and node.func.id == name) or (isinstance(node.func, ast.Attribute) and node.func.attr == name)):
            try:
                args = [ast.literal_eval(arg) for arg in node.args]
                kwargs = {kw.arg: ast.literal_eval(kw.value) for kw in node.keywords if kw.arg}
                found.append((args, kwargs))
            except Exception:
                pass
    return found


def docstring_calls(function, name):
    doc = inspect.getdoc(function) or ''
    lines = [line.strip()[4:] for line in doc.splitlines() if line.strip().startswith('>>> ')]
    return literal_calls('\n'.join(lines), name)


def compare(name, old_fn, new_fn):
    report = {'name': name, 'fromDocstring': 0, 'fromTests': 0, 'generated': 0, 'differences': 0}
    try:
        old_sig = inspect.signature(old_fn)
        new_sig = inspect.signature(new_fn)
    except (TypeError, ValueError):
        report['skipped'] = 'its signature cannot be read'
        return report
    if [p.name for p in old_sig.parameters.values()] != [p.name for p in new_sig.parameters.values()]:
        report['signatureChanged'] = '%s%s → %s%s' % (name, old_sig, name, new_sig)
    try:
        hints = typing.get_type_hints(old_fn)
    except Exception:
        hints = {}
    params = [p for p in old_sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    inputs = []
    for args, kwargs in docstring_calls(old_fn, name):
        inputs.append(('docstring', args, kwargs))
    for source in CONFIG['tests']:
        for args, kwargs in literal_calls(source, name):
            inputs.append(('tests', args, kwargs))
    strategies = []
    for p in params:
        s = strategy(hints.get(p.name, p.annotation), p.default)
        if s is None:
            if p.default is p.empty:
                report['skipped'] = 'no inputs can be generated for parameter %s: %s' % (p.name, p.annotation)
                break
            s = (lambda d=p.default: d)
        strategies.append((p, s))
    if 'skipped' not in report and params == [] and not inputs:
        inputs.append(('generated', [], {}))
    if 'skipped' not in report and strategies:
        # boundary values of each parameter, the others at random
        for index, (p, s) in enumerate(strategies):
            for edge in edges(hints.get(p.name, p.annotation)):
                args = [other() for _, other in strategies]
                args[index] = edge
                inputs.append(('generated', args, {}))
        generated = sum(1 for entry in inputs if entry[0] == 'generated')
        while generated < CONFIG['maxInputs']:
            inputs.append(('generated', [s() for _, s in strategies], {}))
            generated += 1
    # a function that answers differently to the same input is not deterministic: differences mean nothing
    for _, args, kwargs in inputs[:5]:
        first = call(old_fn, args, kwargs)
        second = call(old_fn, args, kwargs)
        if not same(first, second):
            report['nondeterministic'] = True
            report['skipped'] = 'the old version gives different results for the same input (randomness, time or I/O)'
            return report
    counterexample = None
    for source, args, kwargs in inputs:
        key = {'docstring': 'fromDocstring', 'tests': 'fromTests', 'generated': 'generated'}[source]
        report[key] += 1
        old = call(old_fn, args, kwargs)
        new = call(new_fn, args, kwargs)
        if not same(old, new):
            report['differences'] += 1
            if counterexample is None:
                small_args, small_kwargs = shrink(old_fn, new_fn, args, kwargs)
                counterexample = {
                    'call': render_call(name, small_args, small_kwargs),
                    'old': describe(call(old_fn, small_args, small_kwargs)),
                    'new': describe(call(new_fn, small_args, small_kwargs)),
                    'found': source,
                    'original': render_call(name, args, kwargs),
                }
    if counterexample:
        report['counterexample'] = counterexample
    return report


old_module = load('vouch_old.py', 'old')
new_module = load('vouch_new.py', 'new')
reports = []
for name in CONFIG['functions']:
    old_fn = getattr(old_module, name, None)
    new_fn = getattr(new_module, name, None)
    if not callable(old_fn):
        continue
    if not callable(new_fn):
        reports.append({'name': name, 'removed': True, 'differences': 1, 'fromDocstring': 0, 'fromTests': 0, 'generated': 0,
                        'counterexample': {'call': name, 'old': 'is defined', 'new': 'is gone', 'found': 'module'}})
        continue
    if inspect.isclass(old_fn):
        reports.append({'name': name, 'skipped': 'a class: its methods need an instance, which the differential tester does not build', 'differences': 0, 'fromDocstring': 0, 'fromTests': 0, 'generated': 0})
        continue
    reports.append(compare(name, old_fn, new_fn))
print('__VOUCH_DIFFERENTIAL__' + json.dumps(reports))
`;
