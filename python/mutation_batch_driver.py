
import importlib, importlib.util, inspect, itertools, json, os, select, signal, sys, time, traceback
from vouch_report import open_channel
CHANNEL = open_channel()
CONFIG = json.loads(open('vouch_batch.json').read())
PROJECT = sys.path[1] if len(sys.path) > 1 else ''
if CONFIG['dir']:
    sys.path.insert(1, os.path.join(PROJECT, CONFIG['dir']))
WORK = os.getcwd()
import unittest
if CONFIG['framework'] == 'pytest':
    try:
        import pytest
    except ImportError:
        pytest = None
UNSUPPORTED = 3


class Unsupported(Exception):
    pass


def load_target(path):
    names = CONFIG['names']
    spec = importlib.util.spec_from_file_location(names[0], path)
    module = importlib.util.module_from_spec(spec)
    for name in names:
        sys.modules[name] = module
    spec.loader.exec_module(module)
    if '.' in names[0]:
        parent, _, leaf = names[0].rpartition('.')
        setattr(importlib.import_module(parent), leaf, module)


def parametrized(function):
    marks = [mark for mark in getattr(function, 'pytestmark', []) if getattr(mark, 'name', '') == 'parametrize']
    wanted = [name for name in inspect.signature(function).parameters]
    if not marks:
        if wanted:
            raise Unsupported(function.__name__)
        return [{}]
    axes = []
    given = set()
    for mark in marks:
        names = mark.args[0]
        names = [part.strip() for part in names.split(',')] if isinstance(names, str) else list(names)
        given.update(names)
        rows = []
        for value in mark.args[1]:
            value = getattr(value, 'values', value) if hasattr(value, 'marks') else value
            values = value if len(names) > 1 else (value,)
            rows.append(dict(zip(names, values)))
        axes.append(rows)
    if set(wanted) - given:
        raise Unsupported(function.__name__)
    return [dict(kv for row in combo for kv in row.items()) for combo in itertools.product(*axes)]


def run_pytest_style(module):
    ran = 0
    for name, value in list(vars(module).items()):
        if not name.startswith('test') or not inspect.isfunction(value):
            if name.startswith('Test') and inspect.isclass(value) and not issubclass(value, unittest.TestCase):
                for method_name, method in list(vars(value).items()):
                    if method_name.startswith('test') and inspect.isfunction(method):
                        for arguments in parametrized_method(method):
                            instance = value()
                            if hasattr(instance, 'setup_method'):
                                instance.setup_method(method)
                            getattr(instance, method_name)(**arguments)
                            ran += 1
            continue
        if inspect.iscoroutinefunction(value):
            raise Unsupported(name)
        for arguments in parametrized(value):
            value(**arguments)
            ran += 1
    cases = unittest.defaultTestLoader.loadTestsFromModule(module)
    if cases.countTestCases():
        result = unittest.TextTestRunner(stream=sys.stderr, failfast=True, verbosity=0).run(cases)
        if not result.wasSuccessful():
            return 1
        ran += result.testsRun
    return 0 if ran else 1


def parametrized_method(method):
    marks = [mark for mark in getattr(method, 'pytestmark', []) if getattr(mark, 'name', '') == 'parametrize']
    wanted = [name for name in inspect.signature(method).parameters][1:]
    if not marks:
        if wanted:
            raise Unsupported(method.__name__)
        return [{}]
    function = lambda: None
    function.pytestmark = marks
    rows = []
    for mark in marks:
        names = mark.args[0]
        names = [part.strip() for part in names.split(',')] if isinstance(names, str) else list(names)
        for value in mark.args[1]:
            value = getattr(value, 'values', value) if hasattr(value, 'marks') else value
            rows.append(dict(zip(names, value if len(names) > 1 else (value,))))
    return rows


def run_one(target_file, mode):
    load_target(os.path.join(WORK, target_file))
    if mode == 'pytest-main':
        return 0 if pytest.main(['-q', '-x', '--no-header', '-p', 'no:cacheprovider', '-o', 'addopts=', '-W', 'ignore', 'test_vouch_suite.py']) == 0 else 1
    suite = importlib.import_module('test_vouch_suite')
    try:
        return run_pytest_style(suite)
    except Unsupported as error:
        print('vouch: needs pytest fixtures: ' + str(error), file=sys.stderr)
        return UNSUPPORTED


def run_child(target_file, mode, timeout):
    read_end, write_end = os.pipe()
    started = time.time()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        if CHANNEL is not None:
            CHANNEL.close_in_child()
        os.dup2(write_end, 1)
        os.dup2(write_end, 2)
        code = 1
        try:
            code = run_one(target_file, mode)
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 1
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)
    os.close(write_end)
    output = b''
    status = None
    timed_out = False
    while True:
        remaining = started + timeout - time.time()
        if remaining <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([read_end], [], [], min(remaining, 0.05))
        if ready:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            if len(output) < 16384:
                output += chunk
    os.close(read_end)
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return {'code': code, 'timedOut': timed_out, 'ms': round((time.time() - started) * 1000),
            'output': output.decode('utf-8', 'replace')[-4000:]}


def report(value):
    if CHANNEL is None:
        print(json.dumps(value))
    else:
        CHANNEL.send(value)


mode = CONFIG.get('mode', 'runner')
results = []
for job in CONFIG['mutants']:
    result = run_child(job['file'], mode, CONFIG['timeoutSec'])
    if result['code'] == UNSUPPORTED and mode == 'runner':
        if pytest is None:
            report({'unsupported': result['output'][-500:]})
            sys.exit(0)
        mode = 'pytest-main'
        result = run_child(job['file'], mode, CONFIG['timeoutSec'])
    result['id'] = job['id']
    results.append(result)
report({'mode': mode, 'results': results})
