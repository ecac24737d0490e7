import { afterAll, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { resolveWorkspaceImports, topLevelNames } from './imports-python-static.js';

/**
 * The imports of the workspace's own modules, read from their files. What matters most is what it must
 * never do: say "resolved" for a module that does not exist or a name it does not bind for certain. Each
 * such case below would let an invented import through if the reader were wrong about it.
 */

const fixtures = new IndexFixtures();
afterAll(() => fixtures.cleanUp());

const sorted = (names: Set<string> | undefined) => (names ? [...names].sort() : names);

describe('topLevelNames', () => {
  it('reads what a module binds at its top level', () => {
    const text = [
      '"""A module.',
      '',
      'def not_a_definition():',
      'class NotAClass:',
      'fake = 1',
      '"""',
      'import os, json as j',
      'import xml.dom.minidom',
      'from collections import (',
      '    OrderedDict,',
      '    defaultdict as dd,  # a comment',
      ')',
      'from .sibling import *',
      '@decorator(',
      '    "x")',
      'def decorated(a, b=(1,',
      '      2)):',
      '    inner = 1',
      '    def nested():',
      '        pass',
      'async def coroutine():',
      '    return 1',
      'class Model(Base):',
      '    field = 1',
      'CONSTANT = {',
      "    'key': 'value',",
      '}',
      'annotated: int = 3',
      'declared_only: int',
      'first, second = 1, 2',
      "text = 'it''s # not a comment'",
      'x = \\',
      '    1',
      'if True:',
      '    conditional = 1',
      'try:',
      '    from fast import speedy',
      'except ImportError:',
      '    speedy = None',
      'comparison == 1',
      'counter += 1',
      'removed = 1',
      'del removed',
      '',
    ].join('\n');
    expect(sorted(topLevelNames(text))).toEqual(
      [
        'CONSTANT',
        'Model',
        'OrderedDict',
        'annotated',
        'coroutine',
        'dd',
        'decorated',
        'first',
        'j',
        'os',
        'second',
        'text',
        'x',
        'xml',
      ].sort(),
    );
  });

  it('reads nothing from a module whose names depend on running it', () => {
    expect(topLevelNames('import sys\nsys.modules[__name__] = object()\nname = 1\n')).toBeUndefined();
    expect(topLevelNames('name = 1\ndef drop():\n    global name\n    del name\n')).toBeUndefined();
    expect(topLevelNames("name = 1\nglobals().pop('name')\n")).toBeUndefined();
    expect(topLevelNames('name = 1\ndel name[0]\n')).toBeUndefined();
    // a string that never ends: not Python this reader can place
    expect(topLevelNames('name = 1\ntext = "open\n')).toBeUndefined();
    expect(topLevelNames('name = 1\ndoc = """open\n')).toBeUndefined();
  });
});

describe('resolveWorkspaceImports', () => {
  const root = fixtures.project('vouch-static-imports-', {
    'app/__init__.py': 'from .models import Model\n',
    'app/models.py':
      'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .types import OnlyForTypes\nclass Model:\n    """\ndef in_docstring():\n"""\n    def method(self):\n        pass\nLIMIT = 10\n',
    'app/sub/__init__.py': '',
    'app/sub/leaf.py': 'def leaf():\n    return 1\n',
    'app/fast.py': 'def fast():\n    return 1\n',
    'app/fast.cpython-311-x86_64-linux-gnu.so': '',
    'app/conflict.py': 'VALUE = 1\n',
    'app/conflict/__init__.py': 'OTHER = 1\n',
    'namespace/plain.py': 'def plain():\n    return 1\n',
    'single.py': 'ANSWER = 42\n',
  });
  const heldTops = new Set(['app', 'namespace', 'single']);
  const resolve = (code: string, path = 'app/views.py', tops = heldTops) =>
    resolveWorkspaceImports(root, path, code, (top) => tops.has(top))?.map((entry) => entry.module);

  it('resolves modules that exist and names they bind', () => {
    expect(resolve('from app.models import Model, LIMIT')).toEqual(['app.models']);
    expect(resolve('from app.models import Model as M\nimport app.sub.leaf')).toEqual([
      'app.models',
      'app.sub.leaf',
    ]);
    expect(resolve('import app.models as models')).toEqual(['app.models']);
    // a submodule taken from its package
    expect(resolve('from app import sub, models')).toEqual(['app']);
    // a name the package binds by importing it
    expect(resolve('from app import Model')).toEqual(['app']);
    // relative to the file's package
    expect(resolve('from .models import Model')).toEqual(['app.models']);
    expect(resolve('from ..models import LIMIT', 'app/sub/leaf.py')).toEqual(['app.models']);
    expect(resolve('from . import leaf', 'app/sub/other.py')).toEqual(['app.sub']);
    // a package directory wins over a module of the same name, as Python's finder has it
    expect(resolve('from app.conflict import OTHER')).toEqual(['app.conflict']);
    expect(resolve('from single import ANSWER')).toEqual(['single']);
  });

  it('never resolves a module that does not exist or a name not bound for certain', () => {
    // invented names
    expect(resolve('from app.models import Modle')).toBeUndefined();
    expect(resolve('from app.models import Model, Missing')).toBeUndefined();
    // bound only when a condition holds, named only inside a docstring, bound inside a class
    expect(resolve('from app.models import OnlyForTypes')).toBeUndefined();
    expect(resolve('from app.models import in_docstring')).toBeUndefined();
    expect(resolve('from app.models import method')).toBeUndefined();
    // invented modules, a module used as a package, a name of the other file of a conflict
    expect(resolve('import app.nothere')).toBeUndefined();
    expect(resolve('from app.nothere import Model')).toBeUndefined();
    expect(resolve('import app.models.deeper')).toBeUndefined();
    expect(resolve('from app.conflict import VALUE')).toBeUndefined();
    // a name that is not a submodule file either
    expect(resolve('from app.sub import nothere')).toBeUndefined();
    // an extension module beside the source: Python imports the extension
    expect(resolve('from app.fast import fast')).toBeUndefined();
    // a folder without __init__.py (a namespace package): left to the probe
    expect(resolve('from namespace.plain import plain')).toBeUndefined();
    // a relative import past the top, or from a file outside any package
    expect(resolve('from ...x import y', 'app/views.py')).toBeUndefined();
    expect(resolve('from . import single', 'main.py')).toBeUndefined();
  });

  it('leaves to the probe what is not the workspace package as Python sees it, or not plain', () => {
    // the top-level package not shown to be the workspace's (the standard library, an installed one)
    expect(resolve('from app.models import Model', 'app/views.py', new Set())).toBeUndefined();
    // one import the probe must check makes the whole set the probe's
    expect(resolve('from app.models import Model\nimport json')).toBeUndefined();
    // star imports, keywords, what is not an import statement
    expect(resolve('from app.models import *')).toBeUndefined();
    expect(resolve('from app.models import class')).toBeUndefined();
    expect(resolve('from app.models import (Model')).toBeUndefined();
    expect(resolve('x = 1')).toBeUndefined();
    expect(resolve('')).toBeUndefined();
    // a workspace inside an installed packages folder: the probe calls those third-party
    expect(
      resolveWorkspaceImports(`${root}/site-packages`, 'app/views.py', 'from app import Model', () => true),
    ).toBeUndefined();
  });
});
