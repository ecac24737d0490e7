
import ast, asyncio, base64, collections, collections.abc, contextlib, functools, copy, dis, hashlib, importlib.util, inspect, io, json, logging, marshal, math, os, random, re, signal, sys, sysconfig, typing, warnings
from vouch_report import open_channel

CHANNEL = open_channel()
# requests come on a copy of stdin; the module under test gets an empty one (it must not eat them)
REQUESTS = os.fdopen(os.dup(0), 'r')
_null = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null, 0)
sys.stdin = open(os.devnull)
CONFIG = {'names': [], 'callTimeoutSec': 1}
rng = random.Random(1)


def load(file):
    name = CONFIG['names'][0]
    spec = importlib.util.spec_from_file_location(name, file)
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
# -0.0: a caller sees it (repr, copysign, 1/x), and max/min/conditionals treat it unlike 0.0
# and decimals a double holds only nearly: 0.1 + 0.2 is not 0.3, round(2.675, 2) is 2.67, 1.5 and 2.5 round
# to the same even 2
FLOATS = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1e6, -1e6, 1e-9, 0.1, 0.2, 0.1 + 0.2, 0.3, 1.5, 2.675]
# whitespace str.strip() and str.split() remove but a tab-aware or ASCII-only rewrite does not: surrounding
# spaces, control characters (tab, form feed, vertical tab) and Unicode spaces (no-break, ideographic)
WHITESPACE = ['\t', '\f', '\v', '\xa0', '\u3000']
STRS = ['', 'a', 'abc', 'A b C', ' padded ', '-1', '0', '42', 'a,b,c', 'héllo', 'x' * 50,
        ' a', 'a ', '\ta', '\t\fx', '\xa0\tx', '\t\u3000x', '\f', '\v', '\xa0', '\u3000', '\n', 'a\r\n',
        '\t  x', ' \t x', '\fx', '\vx', '\xa0x', '\u3000x']
# lists of strings that are equal once stripped or folded: a dedupe or grouping keyed on strip() or lower()
# what real text holds beyond ASCII: case mappings that change length or differ between lower() and casefold()
# ('ß', 'İ', the ligature 'ﬁ', final sigma), a combining accent beside the precomposed letter, an emoji (one
# code point, two UTF-16 units, four UTF-8 bytes), line separators splitlines() breaks at, digits that are
# not ASCII ('²' is a digit but not decimal, '١٢٣' is decimal), numbers written as text, and a long string
UNICODE_STRS = ['ß', 'Straße', 'İ', 'ﬁle', 'ΟΔΟΣ', 'e\u0301', '\xe9', '😀', 'a😀b', 'a\u2028b', 'a\x85b',
                '²', '١٢٣', 'ǅ', '1e3', '007', '3.14', '0x1F', 'ab' * 5000]
STRS += UNICODE_STRS
STR_LISTS = [['a', ' a'], ['a', 'a '], ['a', '\ta'], ['a', 'A'], [' a', 'a'], ['a', 'a'], ['a\xa0', 'a']]


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
        return lambda: rng.choice(STRS) if rng.random() < 0.6 else ''.join(rng.choice('abcXYZ 019-_,.\t\xa0') for _ in range(rng.randint(0, 12)))
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


# beyond the everyday edges: values at the ends of each type, where overflow, clamping and NaN's
# comparisons (always false) show
HUGE_INTS = [2**53 + 1, 2**63 - 1, -(2**63), 2**63, 2**64, 10**18, -(10**18)]
# a bool is an int to Python and a caller may pass one: True + True is 2, but str(True) is 'True'
BOOLS_AS_INTS = [True, False]
SPECIAL_FLOATS = [float('nan'), float('inf'), float('-inf'), 1e308, -1e308, 5e-324]


def resolved(annotation):
    if isinstance(annotation, str):
        try:
            return eval(annotation, vars(typing), {'list': list, 'dict': dict, 'tuple': tuple})
        except Exception:
            return inspect.Parameter.empty
    return annotation


def around(numbers):
    # each constant c as c-1, c, c+1: a limit moved by one differs only there
    out = []
    for c in numbers:
        base = math.floor(c)
        for value in (base - 1, base, base + 1, math.ceil(c) + 1 if c != base else base):
            if value not in out:
                out.append(value)
    return out


def constant_edges(annotation, constants):
    # the code's own constants and their neighbours, and the ends of the parameter's type
    annotation = resolved(annotation)
    numbers = [c for c in constants.get('numbers', []) if isinstance(c, (int, float)) and abs(c) < 1e300]
    strings = list(constants.get('strings', []))
    origin = typing.get_origin(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        out = [None] if type(None) in typing.get_args(annotation) else []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                out += constant_edges(arg, constants)
        return out
    if annotation is bool:
        return []
    if annotation is int:
        return around(numbers) + HUGE_INTS + BOOLS_AS_INTS
    if annotation is float:
        return [float(value) for value in around(numbers)] + [float(c) for c in numbers] + SPECIAL_FLOATS
    if annotation is str:
        return strings + padded(strings)
    if annotation in (list, typing.List) or origin in (list, typing.List):
        element = typing.get_args(annotation)[0] if typing.get_args(annotation) else int
        lists = [[value] for value in constant_edges(element, constants)[:12]]
        return lists + ([list(pair) for pair in STR_LISTS] if resolved(element) is str else [])
    if annotation is inspect.Parameter.empty or annotation is typing.Any:
        return around(numbers) + strings + [None, float('nan')]
    return []


def padded(strings):
    # each string constant as a caller may send it: with spaces or whitespace around it, in another case
    out = []
    for text in strings[:40]:
        for variant in (' ' + text, text + ' ', ' %s ' % text, '\t' + text, text + '\n', '\xa0' + text,
                        text + '\u3000', text.lower(), text.upper()):
            if variant != text and variant not in out:
                out.append(variant)
    return out


def pairs(per_param, limit):
    # the parameters' small values together (a - b > 10 differs from a > b + 11 at a - b == 11 only)
    import itertools
    sets = [values[:10] for values in per_param]
    if not sets or any(not values for values in sets) or len(sets) > 4:
        return []
    combos = list(itertools.islice(itertools.product(*sets), 20000))
    if len(combos) > limit:
        combos = rng.sample(combos, limit)
    return [list(combo) for combo in combos]


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)


# every record any logger handles while a call runs (whatever handlers, levels or propagation the module
# set up): a warning logged is something a caller sees, on stderr or in its own handlers
RECORDS = {'on': False, 'list': []}
_logger_handle = logging.Logger.handle


def _recording_handle(self, record):
    if RECORDS['on']:
        try:
            message = record.getMessage()
        except Exception as error:
            message = '<unformattable %s>' % type(error).__name__
        RECORDS['list'].append('%s %s: %s' % (record.levelname, record.name, message))
    return _logger_handle(self, record)


logging.Logger.handle = _recording_handle


def without_addresses(text):
    return re.sub(r' at 0x[0-9a-fA-F]+', '', text)


def exception_text(error, depth=0):
    # the type and the message, as a caller's except clause or log shows them
    try:
        message = str(error)
    except Exception as failure:
        message = '<unprintable %s>' % type(failure).__name__
    # the exception's own attributes too (`AppError('bad age', code=400)`): a caller's handler reads them
    try:
        own = [(key, value) for key, value in vars(error).items() if not key.startswith('__')]
    except TypeError:
        own = []
    extra = ''.join(', %s=%s' % (key, without_addresses(safe_repr(value))) for key, value in own)
    # `raise … from error`: the cause a caller's traceback (and `error.__cause__`) shows
    cause = error.__cause__
    if isinstance(cause, BaseException) and depth < 2:
        extra += ', from %s' % exception_text(cause, depth + 1)
    return '%s(%s%s)' % (type(error).__name__, safe_repr(without_addresses(message)), extra)


# a generator is consumed for at most this many items; a returned function is called (with the call's own
# arguments) at most this deep
GENERATOR_ITEMS = 50
CALL_DEPTH = 2
# whether the call's generator (or async generator) was cut at GENERATOR_ITEMS: its items past there are not
# compared, so two sides alike up to there are not proven alike (the comparison says so)
CUT = {'hit': False}


# what a for loop cannot tell apart: a generator and another iterator (map, a list's iterator) are one protocol
PROTOCOL = {'generator': 'iterator', 'async generator': 'async iterator'}


class Settled:
    """What a caller gets from a coroutine (awaited), a generator or another iterator (consumed), or a returned
    function (called with the same arguments): compared by what it gives, never by its repr."""

    def __init__(self, kind, parts):
        self.kind = kind
        self.protocol = PROTOCOL.get(kind, kind)
        self.parts = parts

    def __repr__(self):
        return '<%s %s>' % (self.kind, ', '.join(
            '%s %s' % (what, safe_repr(value) if what != 'raises' else value) for what, value in self.parts))


def settle(value, args, kwargs, depth=0, raw=None):
    # raw: where a coroutine's awaited value itself goes (before it is settled), for the identity check
    if depth > CALL_DEPTH:
        return value
    if inspect.iscoroutine(value):
        loop = asyncio.new_event_loop()
        try:
            return Settled('coroutine', [awaited(loop, value, args, kwargs, depth, raw)])
        finally:
            loop.close()
    if inspect.isasyncgen(value):
        loop = asyncio.new_event_loop()
        try:
            parts = []
            for _ in range(GENERATOR_ITEMS):
                step = awaited(loop, value.__anext__(), args, kwargs, depth)
                if step[0] == 'raises' and step[1].startswith('StopAsyncIteration('):
                    return Settled('async generator', parts + [('ends', None)])
                parts.append(('yields', step[1]) if step[0] == 'returns' else step)
                if step[0] == 'raises':
                    return Settled('async generator', parts)
            CUT['hit'] = True
            return Settled('async generator', parts + [('not consumed past', GENERATOR_ITEMS)])
        finally:
            loop.close()
    # a generator, and any other iterator (map, filter, zip, a list's iterator): its items are what a caller gets
    if inspect.isgenerator(value) or (isinstance(value, collections.abc.Iterator) and not isinstance(value, (str, bytes))):
        kind = 'generator' if inspect.isgenerator(value) else 'iterator'
        parts = []
        for _ in range(GENERATOR_ITEMS):
            try:
                item = next(value)
            except StopIteration as stop:
                return Settled(kind, parts + [('returns', settle(stop.value, args, kwargs, depth + 1))])
            except Timeout:
                raise
            except RecursionError:
                return Settled(kind, parts + [('raises', 'RecursionError')])
            except Exception as error:
                return Settled(kind, parts + [('raises', exception_text(error))])
            parts.append(('yields', settle(item, args, kwargs, depth + 1)))
        CUT['hit'] = True
        return Settled(kind, parts + [('not consumed past', GENERATOR_ITEMS)])
    if callable(value) and not isinstance(value, type) and (
            inspect.isfunction(value) or inspect.ismethod(value) or type(value).__name__ == 'partial'):
        try:
            inner = value(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            return Settled('function', [('called with the same arguments returns', settle(inner, args, kwargs, depth + 1))])
        except Timeout:
            raise
        except RecursionError:
            return Settled('function', [('called with the same arguments raises', 'RecursionError')])
        except Exception as error:
            return Settled('function', [('called with the same arguments raises', exception_text(error))])
    return value


def awaited(loop, awaitable, args, kwargs, depth, raw=None):
    try:
        value = loop.run_until_complete(awaitable)
        if raw is not None:
            raw.append(value)
        return ('returns', settle(value, args, kwargs, depth + 1))
    except Timeout:
        raise
    except RecursionError:
        return ('raises', 'RecursionError')
    except StopAsyncIteration as error:
        return ('raises', 'StopAsyncIteration()')
    except Exception as error:
        return ('raises', exception_text(error))


def call(function, args, kwargs):
    args = copy.deepcopy(args)
    kwargs = copy.deepcopy(kwargs)
    buffer = io.StringIO()
    errors = io.StringIO()
    RECORDS['list'] = []
    RECORDS['on'] = True
    identity = None
    caught = []
    READS['left'] = READS_PER_CALL
    CUT['hit'] = False
    signal.setitimer(signal.ITIMER_REAL, CONFIG['callTimeoutSec'])
    try:
        # a warning is recorded per call by its category and message (the filters the module set still apply):
        # printed, it would name the line that warned (a moved line is no difference), and its default once-per-
        # place filter would show it on the first of two equal calls only (entering catch_warnings resets that)
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors), \
                warnings.catch_warnings(record=True) as caught:
            value = function(*args, **kwargs)
            # a coroutine is awaited first: what it gives is what a caller compares with the argument
            raw = []
            settled = settle(value, args, kwargs, 0, raw)
            given = raw[0] if inspect.iscoroutine(value) and raw else value
            # the argument itself returned (mutated in place) is not a copy of it: `result is arg`
            for index, arg in enumerate(list(args) + list(kwargs.values())):
                if CONFIG.get('identity', True) and given is arg and not isinstance(arg, (int, float, str, bytes, bool, type(None), tuple, frozenset)):
                    identity = index
                    break
            value = settled
            # read here, under the call's time limit and with its output caught: a property runs the module's code
            # each property once per result (w191): canon reads them, and what it read is what `seen` shows (a
            # property with a side effect read twice would differ from itself)
            READS['cache'] = {}
            compared = canon(value)
            seen = read_through(value) if type(value) not in (list, tuple, dict, set, frozenset, Settled) else []
            relations = against_earlier(value)
            if relations:
                compared += '|earlier:%s' % relations
                seen = list(seen) + [('x %s the earlier results' % '/'.join(
                    label for operator, label in (('__eq__', '=='), ('__lt__', '<'))
                    if operator in defined_by_project(type(value))), relations)]
        outcome = ('return', value, compared, seen)
    except Timeout:
        outcome = ('timeout', None)
    except RecursionError:
        outcome = ('raise', 'RecursionError')
    except Exception as error:
        outcome = ('raise', exception_text(error))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        RECORDS['on'] = False
        READS['cache'] = None
    warned = ['%s: %s' % (entry.category.__name__, entry.message) for entry in caught]
    return outcome, buffer.getvalue(), safe_repr((args, kwargs)), errors.getvalue(), list(RECORDS['list']), identity, warned


def safe_repr(value):
    try:
        text = repr(value)
    except Exception as error:
        text = '<unrepresentable %s>' % type(error).__name__
    return text if len(text) <= 300 else text[:297] + '...'


def describe(result, messages=True):
    outcome, out, args_after, err, records, identity, warned = result
    if outcome[0] == 'return':
        text = 'returns %s' % without_addresses(safe_repr(outcome[1]))
        if outcome[3]:
            text += ' (%s)' % ', '.join('%s=%s' % pair for pair in outcome[3])
        if identity is not None:
            text += ' (argument %d itself)' % (identity + 1)
    elif outcome[0] == 'raise':
        text = 'raises %s' % (outcome[1] if messages else outcome[1].split('(', 1)[0])
    else:
        text = 'does not finish within %ss' % CONFIG['callTimeoutSec']
    if out:
        text += ' and prints %s' % safe_repr(out)
    if err:
        text += ' and writes %s to stderr' % safe_repr(err)
    if records:
        text += ' and logs %s' % safe_repr(records if len(records) > 1 else records[0])
    if warned:
        text += ' and warns %s' % safe_repr(warned if len(warned) > 1 else warned[0])
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
        if not math.isfinite(value):
            # NaN and the infinities have no smaller neighbour to round to: 0.0 or nothing
            return [0.0]
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


def canon(value, depth=0):
    """A value as the comparison matches it: equal plain values, containers of them, and objects of the
    same class with the same attributes give the same text; addresses in a default repr do not count."""
    if depth > 8:
        return '...'
    kind = type(value)
    if value is None or kind in (bool, int, float, complex, str, bytes):
        return '%s:%r' % (kind.__name__, value)
    if kind in (list, tuple):
        return '%s[%s]' % (kind.__name__, ','.join(canon(item, depth + 1) for item in value))
    if kind in (set, frozenset):
        return '%s{%s}' % (kind.__name__, ','.join(sorted(canon(item, depth + 1) for item in value)))
    if kind is dict:
        # in insertion order: a caller iterating, printing or serialising the dict sees it
        return 'dict{%s}' % ','.join('%s:%s' % (canon(key, depth + 1), canon(item, depth + 1))
                                     for key, item in value.items())
    if kind is Settled:
        return 'settled:%s[%s]' % (value.protocol, ','.join(
            '%s:%s' % (what, item if what.endswith('raises') else canon(item, depth + 1)) for what, item in value.parts))
    name = '%s.%s' % (getattr(kind, '__module__', '?'), getattr(kind, '__qualname__', kind.__name__))
    if isinstance(value, type):
        return '%s<%s>' % (name, without_addresses(safe_repr(value)))
    # a subclass of a container (Counter, OrderedDict, a class Row(dict)) holds what its base holds, and maybe
    # attributes of its own: both are compared
    held = ''
    for base in (dict, list, tuple, set, frozenset):
        if isinstance(value, base):
            try:
                held = canon(base(value) if base is not dict else dict(value.items()), depth + 1)
            except Exception as error:
                held = '<unreadable %s>' % type(error).__name__
            break
    try:
        state = dict(vars(value))
    except TypeError:
        state = None
    if isinstance(value, collections.defaultdict):
        # what a missing key gets (list and `lambda: []` alike), not the factory's repr
        factory = value.default_factory
        try:
            made = 'None' if factory is None else 'gives %s' % canon(factory(), depth + 1)
        except Exception as error:
            made = 'raises %s' % exception_text(error)
        held += ',default_factory %s' % made
    seen = read_through(value, depth)
    if held or isinstance(state, dict) or seen:
        return '%s(%s%s%s)' % (name, held, canon(state, depth + 1) if state else '',
                               ''.join(',%s=%s' % pair for pair in seen))
    return '%s<%s>' % (name, without_addresses(safe_repr(value)))


# the standard library's and installed packages' classes are compared as before (their state or their repr):
# their slots hold caches (a path's `_hash`, set once hashed), and their properties lead on to more objects
LIBRARY = tuple({os.path.realpath(path) + os.sep for key, path in sysconfig.get_paths().items() if key in ('stdlib', 'platstdlib', 'purelib', 'platlib')})
# properties read in one call's value at most (a tree of objects whose properties lead to more objects)
READS_PER_CALL = 200
READS = {'left': READS_PER_CALL, 'cache': None}


@functools.lru_cache(maxsize=None)
def project_class(cls):
    if cls is object:
        return False
    module = sys.modules.get(getattr(cls, '__module__', None) or '')
    file = getattr(module, '__file__', None)
    if not file:
        # the module under test is loaded under its own names; a class made at run time has no file either
        return module is MODULE or module is None and cls.__module__ not in sys.builtin_module_names
    file = os.path.realpath(file)
    return not file.startswith(LIBRARY) and 'site-packages' not in file and 'dist-packages' not in file


def read_through(value, depth=0):
    """What a caller reads of an object besides its __dict__: its __slots__ (an instance with slots has no
    __dict__ at all) and the public properties of its class (`@property def dollars`): a value computed from
    state the other attributes do not show (a closure, a class attribute) is compared by what it gives. The
    built-in classes are left out (what they hold is compared already). Within a call's result each object
    is read once (`READS['cache']`, keyed by identity and holding the object so the key stays its own)."""
    cache = READS.get('cache')
    if cache is not None and id(value) in cache:
        return list(cache[id(value)][1])
    seen = []
    if cache is not None:
        cache[id(value)] = (value, seen)
    names = set()
    for cls in type(value).__mro__:
        if not project_class(cls):
            continue
        slots = cls.__dict__.get('__slots__', ())
        for slot in ((slots,) if isinstance(slots, str) else slots):
            if slot in ('__dict__', '__weakref__') or slot in names:
                continue
            names.add(slot)
            attribute = '_%s%s' % (cls.__name__.lstrip('_'), slot) if slot.startswith('__') and not slot.endswith('__') else slot
            try:
                seen.append((slot, canon(getattr(value, attribute), depth + 1)))
            except AttributeError:
                seen.append((slot, '<unset>'))
            except Timeout:
                raise
            except Exception as error:
                seen.append((slot, 'raises %s' % exception_text(error)))
        for key, attribute in list(cls.__dict__.items()):
            if key.startswith('_') or key in names or not isinstance(attribute, (property, functools.cached_property)):
                continue
            names.add(key)
            READS['left'] -= 1
            if READS['left'] < 0:
                seen.append((key, '<not read: more than %d properties in the value>' % READS_PER_CALL))
                continue
            seen.append((key, guarded(lambda: canon(getattr(value, key), depth + 1))))
    seen.extend(caller_views(value, depth))
    return seen


def guarded(get):
    """What `get` gives, or the exception it raises as the text compared (the call's time limit still ends it)."""
    try:
        return get()
    except Timeout:
        raise
    except RecursionError:
        return 'raises RecursionError'
    except Exception as error:
        return 'raises %s' % exception_text(error)


# what a caller does with an object of the project's classes besides reading its attributes: prints it, formats
# it, compares it with itself and a copy, hashes it, tests its truth, takes its length, iterates it — each only
# through a method one of the project's classes defines (`__str__`, `__eq__`, a dataclass's generated ones), so
# the standard library's and plain objects keep the comparison they had (r47: a returned class's `__eq__` or
# `__str__` changed was proven)
VIEWED = ('__str__', '__repr__', '__format__', '__eq__', '__ne__', '__lt__', '__le__', '__hash__', '__bool__',
          '__len__', '__iter__')
VIEW_ITEMS = 50
VIEW_TEXT = 2000


def defined_by_project(cls):
    names = set()
    for each in cls.__mro__:
        if project_class(each):
            names.update(each.__dict__)
    return names


def caller_views(value, depth):
    defined = defined_by_project(type(value))
    if not any(name in defined for name in VIEWED):
        return []
    views = []

    def view(label, get):
        READS['left'] -= 1
        if READS['left'] < 0:
            views.append((label, '<not read: more than %d reads in the value>' % READS_PER_CALL))
            return
        views.append((label, guarded(get)))

    def text(made):
        return repr(without_addresses(made)[:VIEW_TEXT])

    if '__str__' in defined:
        view('str(x)', lambda: text(str(value)))
    if '__repr__' in defined:
        view('repr(x)', lambda: text(repr(value)))
    if '__format__' in defined:
        view("format(x, '')", lambda: text(format(value, '')))
    if '__eq__' in defined or '__ne__' in defined or '__lt__' in defined or '__le__' in defined:
        try:
            double = copy.deepcopy(value)
        except Timeout:
            raise
        except Exception as error:
            double = None
            views.append(('copy(x)', 'raises %s' % exception_text(error)))
        for operator, label in (('__eq__', '=='), ('__ne__', '!='), ('__lt__', '<'), ('__le__', '<=')):
            if operator in defined:
                view('x %s x' % label, lambda: without_addresses(safe_repr(OPERATORS[label](value, value))))
                if double is not None:
                    view('x %s copy(x)' % label, lambda: without_addresses(safe_repr(OPERATORS[label](value, double))))
    if '__hash__' in defined:
        view('hash(x)', lambda: 'unhashable' if type(value).__hash__ is None else repr(hash(value)))
    if '__bool__' in defined or '__len__' in defined:
        view('bool(x)', lambda: repr(bool(value)))
    if '__len__' in defined:
        view('len(x)', lambda: repr(len(value)))
    if '__iter__' in defined and not isinstance(value, collections.abc.Iterator):
        def items():
            taken = []
            for item in iter(value):
                if len(taken) == VIEW_ITEMS:
                    taken.append('<not consumed past %d>' % VIEW_ITEMS)
                    break
                taken.append(canon(item, depth + 1))
            return '[%s]' % ','.join(taken)
        view('list(x)', items)
    return views


OPERATORS = {'==': lambda a, b: a == b, '!=': lambda a, b: a != b, '<': lambda a, b: a < b, '<=': lambda a, b: a <= b}
# the results of one 'call' request so far (the same inputs in the same order on both sides): an object whose
# class defines `__eq__` or `__lt__` is compared with the last EARLIER_KEPT of them, as a caller's `a == b`,
# `sorted(results)` or `set(results)` does
EARLIER = {'on': False, 'values': []}
EARLIER_KEPT = 10


def against_earlier(value):
    if not EARLIER['on']:
        return ''
    defined = defined_by_project(type(value))
    operators = [label for operator, label in (('__eq__', '=='), ('__lt__', '<')) if operator in defined]
    if not operators or isinstance(value, Settled):
        return ''
    parts = []
    for earlier in EARLIER['values'][-EARLIER_KEPT:]:
        for label in operators:
            parts.append(guarded(lambda: without_addresses(safe_repr(OPERATORS[label](value, earlier)))))
    EARLIER['values'].append(value)
    return '[%s]' % ', '.join(parts) if parts else ''


def outcome_key(result):
    outcome, out, args_after, err, records, identity, warned = result
    if outcome[0] == 'return':
        value = outcome[2]
    elif outcome[0] == 'raise':
        value = outcome[1]
    else:
        value = ''
    text = json.dumps([outcome[0], value, out, args_after, err, records, identity, warned])
    return hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()


def encode(value):
    return base64.b64encode(marshal.dumps(value)).decode()


def decode(text):
    return marshal.loads(base64.b64decode(text))


def function_named(name):
    return getattr(MODULE, name, None)


def describe_function(name):
    function = function_named(name)
    answer = {'callable': callable(function), 'isClass': inspect.isclass(function), 'params': None, 'signature': None}
    if callable(function) and not inspect.isclass(function):
        try:
            signature = inspect.signature(function)
            # what a caller relies on: each parameter's name (keyword callers), kind and default
            answer['params'] = ['%s %s%s' % (p.kind.name, p.name, '' if p.default is p.empty else '=' + without_addresses(safe_repr(p.default)))
                                for p in signature.parameters.values()]
            answer['signature'] = str(signature)
        except (TypeError, ValueError):
            pass
    return answer


def encode_input(args, kwargs, params):
    """The input as marshal data; a default that is not plain data is left to the function (the arguments
    stop before it, when every later parameter has a default too). None when it cannot be sent."""
    for index, value in enumerate(args):
        try:
            marshal.dumps(value)
        except ValueError:
            rest = params[index:len(args)]
            if all(p.default is not p.empty for p in rest):
                args = args[:index]
                break
            return None
    try:
        return {'args': encode(list(args)), 'kwargs': encode(dict(kwargs))}
    except ValueError:
        return None


def plan(name, tests, max_inputs, constants):
    function = function_named(name)
    report = {'inputs': []}
    try:
        old_sig = inspect.signature(function)
    except (TypeError, ValueError):
        report['skipped'] = 'its signature cannot be read'
        return report
    try:
        hints = typing.get_type_hints(function)
    except Exception:
        hints = {}
    params = [p for p in old_sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    inputs = []
    for args, kwargs in docstring_calls(function, name):
        inputs.append(('docstring', args, kwargs))
    for source in tests:
        for args, kwargs in literal_calls(source, name):
            inputs.append(('tests', args, kwargs))
    # the examples' and tests' strings with whitespace around them: f(' 1.0.0') beside f('1.0.0')
    for source, args, kwargs in list(inputs):
        for index, arg in enumerate(args):
            if isinstance(arg, str):
                for variant in padded([arg])[:6]:
                    trial = list(args)
                    trial[index] = variant
                    inputs.append((source, trial, kwargs))
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
            for edge in edges(hints.get(p.name, p.annotation)) + constant_edges(hints.get(p.name, p.annotation), constants):
                args = [other() for _, other in strategies]
                args[index] = edge
                inputs.append(('generated', args, {}))
        if len(strategies) > 1:
            small = []
            for p, _ in strategies:
                annotation = hints.get(p.name, p.annotation)
                near = constant_edges(annotation, {'numbers': constants.get('numbers', []), 'strings': constants.get('strings', [])})
                near = [value for value in near if not isinstance(value, bool) and value not in HUGE_INTS
                        and value not in SPECIAL_FLOATS]
                base = edges(annotation)[:5]
                seen, values = set(), []
                for value in near + base:
                    if repr(value) not in seen:
                        seen.add(repr(value))
                        values.append(value)
                small.append(values)
            for args in pairs(small, max(100, max_inputs)):
                inputs.append(('generated', args, {}))
        generated = sum(1 for entry in inputs if entry[0] == 'generated')
        while generated < max_inputs:
            inputs.append(('generated', [s() for _, s in strategies], {}))
            generated += 1
    if 'skipped' in report:
        return report
    inputs += omitting_defaults(inputs, params)
    # a function that answers differently to the same input is not deterministic: differences mean nothing
    for _, args, kwargs in inputs[:5]:
        if outcome_key(call(function, args, kwargs)) != outcome_key(call(function, args, kwargs)):
            report['nondeterministic'] = True
            report['skipped'] = 'the old version gives different results for the same input (randomness, time or I/O)'
            return report
    for source, args, kwargs in inputs:
        encoded = encode_input(args, kwargs, params)
        if encoded is not None:
            report['inputs'].append(dict(encoded, source=source))
    return report


def omitting_defaults(inputs, params):
    """Calls that leave defaulted parameters out, as callers do (the plan otherwise fills every one, and a
    changed default is never used): each default alone (the later parameters by keyword, so a renamed one
    shows) and all of them, each call twice in a row (a mutable default keeps what a call put in it)."""
    first = next((index for index, p in enumerate(params) if p.default is not p.empty), None)
    if first is None:
        return []
    out = []
    bases = [entry for entry in inputs if entry[0] != 'generated'][:4] + [entry for entry in inputs if entry[0] == 'generated'][:4]
    for source, args, kwargs in bases:
        if len(args) < len(params) or kwargs:
            continue
        variants = []
        for index in range(first, len(params)):
            if params[index].default is params[index].empty:
                continue
            later = {p.name: args[i] for i, p in enumerate(params) if i > index and p.kind == p.POSITIONAL_OR_KEYWORD}
            if len(later) != len(params) - index - 1:
                continue
            variants.append((list(args[:index]), later))
        variants.append((list(args[:first]), {}))
        for trial_args, trial_kwargs in variants:
            out += [(source, trial_args, trial_kwargs), (source, trial_args, trial_kwargs)]
    return out


def module_state(again=False):
    """The module's public plain values by name (constants and their containers, canonically), as a caller
    importing them sees them. again: from a second import of the module, run anew (a value set from the clock
    or a random number differs between two imports of the same code, and is no difference a refactor made)."""
    held = {}
    module = load(TRACE['file']) if again else MODULE
    for key, value in list(vars(module).items())[:2000]:
        if key.startswith('_') or inspect.ismodule(value) or callable(value):
            continue
        held[key] = without_addresses(canon(value))[:2000]
    return {'values': held}


def run_calls(name, inputs):
    function = function_named(name)
    outcomes = []
    EARLIER['on'] = True
    EARLIER['values'] = []
    try:
        return run_each(function, inputs, outcomes)
    finally:
        EARLIER['on'] = False
        EARLIER['values'] = []


def run_each(function, inputs, outcomes):
    for entry in inputs:
        TRACE['on'] = True
        sys.settrace(_global)
        try:
            result = call(function, decode(entry['args']), decode(entry['kwargs']))
        finally:
            sys.settrace(None)
            TRACE['on'] = False
        # the text without the exception's message, and with it: the comparison shows the message where
        # it is the difference
        outcome = {'key': outcome_key(result), 'text': describe(result, False), 'detail': describe(result)}
        if CUT['hit']:
            outcome['cut'] = GENERATOR_ITEMS
        outcomes.append(outcome)
    return outcomes


# Branch coverage of the compared functions, recorded only while a 'call' request runs them (not while
# planning): which instructions of the module's own code ran and which ran after which (sys.settrace with
# opcode events; Python 3.11 has no sys.monitoring), told into the arms of each if, while, for, conditional
# expression, and/or, except and case by the instructions' source positions (co_positions).
STEPS = set()
LAST = {}
TRACE = {'file': None, 'on': False}


def _local(frame, event, arg):
    if event == 'opcode':
        STEPS.add((frame.f_code, LAST.get(frame), frame.f_lasti))
        LAST[frame] = frame.f_lasti
    elif event == 'return':
        STEPS.add((frame.f_code, LAST.pop(frame, None), -1))
    return _local


def _global(frame, event, arg):
    if not TRACE['on'] or event != 'call' or frame.f_code.co_filename != TRACE['file']:
        return None
    frame.f_trace_opcodes = True
    frame.f_trace_lines = False
    return _local


def nested_codes(code):
    found = [code]
    for const in code.co_consts:
        if hasattr(const, 'co_code'):
            found.extend(nested_codes(const))
    return found


def within(position, span):
    if position is None or position[0] is None:
        return False
    line, end_line, col, end_col = position
    start = (line, -1 if col is None else col)
    end = (end_line if end_line is not None else line, 10**9 if end_col is None else end_col)
    return start >= (span[0], span[1]) and end <= (span[2], span[3])


def span_of(nodes):
    nodes = nodes if isinstance(nodes, list) else [nodes]
    return (nodes[0].lineno, nodes[0].col_offset, nodes[-1].end_lineno, nodes[-1].end_col_offset)


def is_true_constant(node):
    return isinstance(node, ast.Constant) and bool(node.value)


def branches(def_node, source, codes):
    positions = {code: list(code.co_positions()) for code in codes}
    def pos(code, offset):
        if offset is None or offset < 0:
            return None
        entries = positions[code]
        return entries[offset // 2] if offset // 2 < len(entries) else None
    executed = []
    moves = []
    for code, prev, offset in STEPS:
        if code not in positions:
            continue
        if offset >= 0:
            executed.append(pos(code, offset))
        moves.append((pos(code, prev), None if offset < 0 else pos(code, offset)))
    def reached(span):
        return any(within(p, span) for p in executed)
    def exits(node, body_span):
        # a step from the statement's own code (its test, its jumps: not its body) to after the statement
        whole = span_of(node)
        for before, after in moves:
            if within(before, whole) and not within(before, body_span) and (after is None or not within(after, whole)):
                return True
        return False
    # each conditional jump: the position of the instruction before it (what it tests) and its next
    # instruction's offset (where it goes when not taken)
    jumps = {}
    for code in codes:
        listed = list(dis.get_instructions(code))
        for index, instruction in enumerate(listed):
            if 'JUMP' in instruction.opname and 'IF' in instruction.opname and index > 0 and index + 1 < len(listed):
                jumps[(code, instruction.offset)] = (listed[index - 1].positions, listed[index + 1].offset)
    def jumped_out(span, following):
        # a conditional jump testing the condition taken to somewhere outside the condition and outside
        # what follows it when true (back to the loop: the item left out)
        for code, prev, offset in STEPS:
            jump = jumps.get((code, prev))
            if jump is None or offset < 0 or offset == jump[1] or not within(jump[0], span):
                continue
            after = pos(code, offset)
            if not within(after, span) and not within(after, following):
                return True
        return False
    arms = []
    def text(node):
        segment = ast.get_source_segment(source, node) or ''
        segment = segment.splitlines()[0] if segment else ''
        return segment[:60]
    for node in ast.walk(def_node):
        if node is def_node:
            continue
        if isinstance(node, ast.If):
            body = span_of(node.body)
            arms.append((node.lineno, '\x60if %s\x60 true' % text(node.test), reached(body)))
            arms.append((node.lineno, '\x60if %s\x60 false' % text(node.test), reached(span_of(node.orelse)) if node.orelse else exits(node, body)))
        elif isinstance(node, ast.While):
            body = span_of(node.body)
            arms.append((node.lineno, '\x60while %s\x60 entered' % text(node.test), reached(body)))
            if not is_true_constant(node.test):
                arms.append((node.lineno, '\x60while %s\x60 not entered or ended' % text(node.test), exits(node, body)))
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            body = span_of(node.body)
            arms.append((node.lineno, '\x60for %s in %s\x60 entered' % (text(node.target), text(node.iter)), reached(body)))
            arms.append((node.lineno, '\x60for %s in %s\x60 ended' % (text(node.target), text(node.iter)), exits(node, body)))
        elif isinstance(node, ast.IfExp):
            arms.append((node.lineno, '\x60%s\x60 (conditional) true' % text(node.test), reached(span_of(node.body))))
            arms.append((node.lineno, '\x60%s\x60 (conditional) false' % text(node.test), reached(span_of(node.orelse))))
        elif isinstance(node, ast.BoolOp):
            op = 'and' if isinstance(node.op, ast.And) else 'or'
            for value in node.values[1:]:
                arms.append((node.lineno, '\x60%s %s\x60 evaluated' % (op, text(value)), reached(span_of(value))))
        elif isinstance(node, ast.Try) or type(node).__name__ == 'TryStar':
            for handler in node.handlers:
                arms.append((handler.lineno, '\x60except %s\x60' % (text(handler.type) if handler.type else ''), reached(span_of(handler.body))))
        elif isinstance(node, ast.comprehension):
            # a comprehension's `if`: an item kept (what follows the condition ran) and an item left out (a
            # conditional jump in the condition taken back to the loop) are two arms
            parent = next((outer for outer in ast.walk(def_node) if node in getattr(outer, 'generators', [])), None)
            for index, condition in enumerate(node.ifs):
                span = span_of(condition)
                following = node.ifs[index + 1] if index + 1 < len(node.ifs) else (
                    getattr(parent, 'elt', None) or getattr(parent, 'key', None))
                arms.append((condition.lineno, '\x60if %s\x60 (comprehension) true' % text(condition),
                             reached(span_of(following)) if following is not None else reached(span)))
                arms.append((condition.lineno, '\x60if %s\x60 (comprehension) false' % text(condition),
                             jumped_out(span, span_of(following) if following is not None else span)))
        elif isinstance(node, ast.Match):
            for case in node.cases:
                arms.append((case.pattern.lineno, '\x60case %s\x60' % text(case.pattern), reached(span_of(case.body))))
    return sorted(arms)


def coverage(name):
    function = inspect.unwrap(function_named(name))
    code = getattr(function, '__code__', None)
    if code is None or code.co_filename != TRACE['file']:
        return {'measured': False, 'problem': 'not a function of this module'}
    with open(TRACE['file'], encoding='utf-8') as handle:
        source = handle.read()
    tree = ast.parse(source)
    node = None
    for candidate in ast.walk(tree):
        if isinstance(candidate, (ast.FunctionDef, ast.AsyncFunctionDef)) and candidate.name == function.__name__:
            first = candidate.decorator_list[0].lineno if candidate.decorator_list else candidate.lineno
            if code.co_firstlineno in (first, candidate.lineno):
                node = candidate
                break
    if node is None:
        return {'measured': False, 'problem': 'its definition was not found in the source'}
    arms = branches(node, source, nested_codes(code))
    return {
        'measured': True,
        'total': len(arms),
        'reached': sum(1 for arm in arms if arm[2]),
        'notReached': ['line %d: %s' % (line, what) for line, what, hit in arms if not hit],
    }


def module_values():
    # the plain values the module holds once imported (constants computed at run time included): a
    # special case on one of them differs only there, and its neighbours are tried like the source's
    numbers, strings = [], []
    for key, value in list(vars(MODULE).items())[:2000]:
        if key.startswith('__'):
            continue
        if type(value) in (int, float) and math.isfinite(value) and abs(value) < 1e300:
            numbers.append(value)
        elif type(value) is str and len(value) <= 200:
            strings.append(value)
        elif type(value) in (tuple, list, frozenset, set) and len(value) <= 50:
            for item in value:
                if type(item) in (int, float) and math.isfinite(item) and abs(item) < 1e300:
                    numbers.append(item)
                elif type(item) is str and len(item) <= 200:
                    strings.append(item)
    return {'numbers': numbers[:200], 'strings': strings[:200]}


def shrink_candidates(args, kwargs):
    """Smaller inputs, in the order the comparison tries them: each argument in turn, its smaller values."""
    candidates = []
    for index in range(len(args)):
        for candidate in shrink_value(args[index]):
            trial = list(args)
            trial[index] = candidate
            try:
                candidates.append({'args': encode(trial), 'kwargs': encode(dict(kwargs))})
            except ValueError:
                pass
    return candidates


def answer(request):
    op = request['op']
    if op == 'load':
        global MODULE, rng
        CONFIG['names'] = request['names']
        CONFIG['callTimeoutSec'] = request['callTimeoutSec']
        CONFIG['identity'] = request.get('identity', True)
        rng = random.Random(request['seed'])
        TRACE['file'] = request['path']
        MODULE = load(request['path'])
        return {}
    if op == 'describe':
        return describe_function(request['name'])
    if op == 'values':
        return module_values()
    if op == 'state':
        return module_state(bool(request.get('again')))
    if op == 'plan':
        return plan(request['name'], request['tests'], request['maxInputs'], request.get('constants') or {})
    if op == 'call':
        return {'outcomes': run_calls(request['name'], request['inputs'])}
    if op == 'replay':
        # the calls the other side made while planning (each twice), so that both modules' state has one history
        function = function_named(request['name'])
        for entry in request['inputs']:
            for _ in range(2):
                call(function, decode(entry['args']), decode(entry['kwargs']))
        return {}
    if op == 'shrink':
        return {'candidates': shrink_candidates(decode(request['args']), decode(request['kwargs']))}
    if op == 'coverage':
        return coverage(request['name'])
    if op == 'render':
        return {'text': render_call(request['name'], decode(request['args']), decode(request['kwargs']))}
    raise ValueError('unknown request %r' % op)


def serve():
    for line in REQUESTS:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            reply = answer(request)
        except BaseException as error:
            reply = {'error': '%s: %s' % (type(error).__name__, error)}
        reply['id'] = request['id']
        if CHANNEL is None:
            print(json.dumps(reply), flush=True)
        else:
            CHANNEL.send(reply)


MODULE = None
serve()
