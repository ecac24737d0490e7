"""Unit tests of the Python that vouch ships in python/ (run by test/python/shipped-python.test.ts).

The probes are run as vouch runs them (`python -c SOURCE`, JSON on stdin/stdout), here outside the sandbox:
their inputs below use the standard library only. The sandbox worker kills every process it can see after
each job, so it is only compiled and linted here; the warm-pool tests drive it inside bubblewrap.
"""
import ast
import json
import os
import subprocess
import sys
import unittest

PYTHON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'python')
SCRIPTS = ('import_probe.py', 'lint_probe.py', 'sandbox_worker.py')


def source_of(name):
    with open(os.path.join(PYTHON_DIR, name), encoding='utf-8') as handle:
        return handle.read()


def run(name, stdin, *args, isolated=True):
    command = [sys.executable] + (['-I'] if isolated else []) + ['-c', source_of(name)] + list(args)
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise AssertionError('%s exited %d: %s' % (name, done.returncode, done.stderr[-2000:]))
    return json.loads(done.stdout)


class Compiles(unittest.TestCase):
    def test_every_script_compiles_and_has_a_docstring(self):
        for name in SCRIPTS:
            with self.subTest(script=name):
                tree = ast.parse(source_of(name), filename=name)
                self.assertIsInstance(ast.get_docstring(tree), str)

    def test_pyflakes_finds_nothing(self):
        try:
            from pyflakes.api import check
            from pyflakes.reporter import Reporter
        except ImportError:
            self.skipTest('pyflakes is not installed (apt-get install python3-pyflakes)')
        import io
        for name in SCRIPTS:
            with self.subTest(script=name):
                out, err = io.StringIO(), io.StringIO()
                warnings = check(source_of(name), name, Reporter(out, err))
                self.assertEqual(warnings, 0, out.getvalue() + err.getvalue())

    def test_the_worker_defines_its_loop(self):
        tree = ast.parse(source_of('sandbox_worker.py'))
        functions = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        self.assertTrue(functions, 'the worker defines no functions')


class LintProbe(unittest.TestCase):
    def test_reports_undefined_names_and_unused_imports(self):
        code = 'import os\nimport json\n\ndef f():\n    return json.dumps(missing_name)\n'
        findings = run('lint_probe.py', code, 'generated.py')
        self.assertEqual(
            [(entry['rule'], entry['line']) for entry in findings],
            [('undefined-name', 5), ('unused-import', 1)],
        )
        self.assertIn("'os' imported but unused", findings[1]['message'])

    def test_follows_python_scoping(self):
        code = (
            'from pathlib import Path\n'
            'x: "Path" = None\n'
            'def outer():\n'
            '    value = 1\n'
            '    def inner():\n'
            '        nonlocal value\n'
            '        value += 1\n'
            '    return [value for _ in range(2)]\n'
            '__all__ = ["outer"]\n'
        )
        self.assertEqual(run('lint_probe.py', code, 'generated.py'), [])

    def test_a_star_import_silences_undefined_names(self):
        self.assertEqual(run('lint_probe.py', 'from os.path import *\nprint(join("a", "b"))\n', 'x.py'), [])


class ImportProbe(unittest.TestCase):
    def probe(self, code):
        # not isolated: the probe puts the project on sys.path itself
        return run('import_probe.py', json.dumps({'source': code, 'project': os.getcwd(), 'path': ''}),
                   isolated=False)

    def test_classifies_imports_and_finds_missing_modules(self):
        answer = self.probe('import json\nimport surely_not_a_module_xyz\n')
        kinds = {entry['top']: entry['kind'] for entry in answer['imports']}
        self.assertEqual(kinds['json'], 'stdlib')
        self.assertEqual(kinds['surely_not_a_module_xyz'], 'missing')
        self.assertEqual(answer['python'], sys.version.split()[0])

    def test_finds_names_and_attributes_that_do_not_exist_and_suggests_close_ones(self):
        answer = self.probe('from json import dumpz\nimport json\njson.dumpss(1)\n')
        problems = {(problem['kind'], problem['missing']): problem for problem in answer['problems']}
        self.assertIn('dumps', problems[('name-missing', 'dumpz')]['suggestions'])
        self.assertIn('dumps', problems[('attribute-missing', 'dumpss')]['suggestions'])
        self.assertEqual(problems[('attribute-missing', 'dumpss')]['line'], 3)

    def test_existing_names_are_not_problems(self):
        self.assertEqual(self.probe('from json import dumps\nimport os\nos.path.join("a")\n')['problems'], [])



class ImportProbeInWorker(unittest.TestCase):
    """`answer_in_worker` (the warm worker's no-fork answer): what it answers is what the probe prints, and it
    declines whatever would need code to run (an import, a module's __getattr__, an attribute walk)."""

    def probe_in(self, statements, held):
        # a fresh interpreter holding `held`, as a warm worker would: the in-worker answers first (nothing
        # imported between them), then the full probe on the same requests
        script = r"""
import importlib, json, sys, types
held, statements = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for name in held:
    importlib.import_module(name)
kept = types.ModuleType('_vouch_worker')
kept.distributions = importlib.import_module('importlib.metadata').packages_distributions()
sys.modules['_vouch_worker'] = kept
namespace = {'__name__': '_vouch_in_worker'}
exec(compile(open(sys.argv[3]).read(), '<program>', 'exec'), namespace)
requests = [json.dumps({'source': code, 'project': sys.argv[4], 'path': 'pkg/new.py'}) for code in statements]
fast = [namespace['answer_in_worker'](request) for request in requests]
before = set(sys.modules)
full = [json.dumps(namespace['probe'](json.loads(request))) + '\n' for request in requests]
print(json.dumps({'fast': fast, 'full': full, 'imported': sorted(set(sys.modules) - before)}))
"""
        done = subprocess.run([sys.executable, '-c', script, json.dumps(held), json.dumps(statements),
                               os.path.join(PYTHON_DIR, 'import_probe.py'), os.getcwd()],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        return json.loads(done.stdout)

    def test_answers_held_modules_and_names_as_the_probe_does(self):
        statements = ['import json\n', 'from json import dumps, loads\n', 'import os.path\n', 'from os import path\n',
                      'from json import decoder\n', 'from xml.etree import ElementTree as ET\n',
                      'import xml.etree.ElementTree\n', 'from collections import (\n    OrderedDict,\n    deque)\n',
                      'from collections import (OrderedDict\n',
                      # attribute chains through plain modules by their own dicts, and a plain function's or
                      # class's keywords by its code object (issue 57: a completion's json.loadz, strictt=)
                      'import json\njson.dumps(1)\n', 'import json\njson.loadz(1)\n',
                      'import json\njson.JSONDecoder(strictt=1)\n', 'import os.path\nos.path.joinn("a")\n']
        answer = self.probe_in(statements, ['json', 'os.path', 'xml.etree.ElementTree', 'collections'])
        for code, fast, full in zip(statements, answer['fast'], answer['full']):
            with self.subTest(code=code):
                self.assertIsNotNone(fast)
                self.assertEqual(fast, full)
        self.assertEqual(json.loads(answer['fast'][0])['imports'][0]['kind'], 'stdlib')

    def test_declines_what_would_need_code_to_run(self):
        statements = [
            'from json import dumpz\n',                # missing: the probe imports nothing, but suggests
            'import surely_not_a_module_xyz\n',        # not held: would be looked for and imported
            'import sqlite3\n',                        # not held
            'from json import __version__\n',          # a dunder: may be the module type's own descriptor
            'import json\njson.JSONDecoder.decode(1)\n',  # a class's attribute (getattr may run code)
            'import json\njson.dumps(1, indnt=2)\n',      # a **kw that may pass the keyword on (read in a child)
            'from xml import dom\n',                   # a submodule not imported yet
        ]
        answer = self.probe_in(statements, ['json', 'xml'])
        self.assertEqual(answer['fast'], [None] * len(statements))
        # the full probe does answer them (and imports what the in-worker answer would not)
        self.assertIn('sqlite3', answer['imported'])
        self.assertTrue(all(json.loads(full)['imports'] for full in answer['full']))

    def test_a_module_replaced_by_another_type_is_not_read(self):
        # packages that put a module subclass or a lazy object in sys.modules run code on attribute access
        script = r"""
import json, sys, types
class Lazy(types.ModuleType):
    def __getattribute__(self, name):
        raise SystemExit('code ran')
sys.modules['lazy_pkg'] = Lazy('lazy_pkg')
kept = types.ModuleType('_vouch_worker'); kept.distributions = {}; sys.modules['_vouch_worker'] = kept
namespace = {'__name__': '_vouch_in_worker'}
exec(compile(open(sys.argv[1]).read(), '<program>', 'exec'), namespace)
print(json.dumps(namespace['answer_in_worker'](json.dumps({'source': 'from lazy_pkg import thing\n', 'project': '', 'path': ''}))))
"""
        done = subprocess.run([sys.executable, '-c', script, os.path.join(PYTHON_DIR, 'import_probe.py')],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual((done.returncode, done.stdout.strip()), (0, 'null'), done.stderr[-2000:])


    def test_declines_namespace_packages_and_foreign_distribution_finders(self):
        # a namespace package's __path__ is recomputed (finders run) when read after the import caches were
        # invalidated, as a child does first; a finder a package put on sys.meta_path runs its own code when
        # a distribution's version is looked up
        script = r"""
import json, os, sys, tempfile, types
base = tempfile.mkdtemp()
os.makedirs(os.path.join(base, 'vouch_ns_pkg'))
open(os.path.join(base, 'vouch_ns_pkg', 'part.py'), 'w').write('X = 1\n')
open(os.path.join(base, 'vouch_third.py'), 'w').write('Y = 1\n')
sys.path.insert(0, base)
import vouch_ns_pkg.part, vouch_third
kept = types.ModuleType('_vouch_worker'); kept.distributions = {'vouch_third': ['vouch-third']}
sys.modules['_vouch_worker'] = kept
namespace = {'__name__': '_vouch_in_worker'}
exec(compile(open(sys.argv[1]).read(), '<program>', 'exec'), namespace)
ask = lambda code: namespace['answer_in_worker'](json.dumps({'source': code, 'project': '/nowhere', 'path': ''}))
answers = [ask('import vouch_ns_pkg\n'), ask('from vouch_ns_pkg import part\n')]
plain = ask('from vouch_third import Y\n')
class Finder:
    def find_spec(self, *args):
        return None
    def find_distributions(self, *args, **kwargs):
        raise SystemExit('code ran')
sys.meta_path.insert(0, Finder())
answers.append(ask('from vouch_third import Y\n'))
print(json.dumps({'declined': answers, 'plain': plain}))
"""
        done = subprocess.run([sys.executable, '-c', script, os.path.join(PYTHON_DIR, 'import_probe.py')],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr[-2000:])
        answer = json.loads(done.stdout)
        self.assertEqual(answer['declined'], [None, None, None])
        # with the standard finders only, the same question is answered (third-party, its distribution)
        self.assertEqual(json.loads(answer['plain'])['imports'][0]['distribution'], 'vouch-third')


if __name__ == '__main__':
    unittest.main()
