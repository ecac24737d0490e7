import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeProject, pythonProject, TINYCALC_VERSION, TYPEDLIB_VERSION } from '../__fixtures__/projects.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { importsCheck } from './imports.js';

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('imports check for Python (in the sandbox, with the project virtualenv)', () => {
  const root = pythonProject();
  const run = (code: string) =>
    importsCheck.run({ code, language: 'python', path: 'app/new.py' }, { workspaceRoot: root, config: {} });

  it('passes real imports: stdlib, the declared package at its installed version, first-party modules', async () => {
    const result = await run(
      'import os.path\nimport tinycalc\nfrom tinycalc import add, Calculator\nfrom app.util import double\ncalc = Calculator()\nprint(os.path.join("a"), tinycalc.subtract(2, 1), calc.total([1]), add(1, 2), double(2))\n',
    );
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.details?.imports).toContainEqual({
      module: 'tinycalc',
      kind: 'third-party',
      distribution: 'tinycalc',
      version: TINYCALC_VERSION,
    });
  });

  it('reports invented functions and methods with the installed version and the closest real names', async () => {
    const result = await run(
      'import tinycalc\nfrom tinycalc import substract\ncalc = tinycalc.Calculator()\nprint(calc.totl([1]), tinycalc.Calculator.averag)\n',
    );
    const messages = result.findings.map((finding) => finding.message);
    expect(result.status).toBe('fail');
    expect(messages).toContain(
      `tinycalc ${TINYCALC_VERSION} has no \`substract\`; did you mean \`subtract\`?`,
    );
    expect(messages).toContain(
      `tinycalc ${TINYCALC_VERSION} has no \`Calculator.totl\`; did you mean \`Calculator.total\`?`,
    );
    expect(messages).toContain(
      `tinycalc ${TINYCALC_VERSION} has no \`Calculator.averag\`; did you mean \`Calculator.average\`?`,
    );
    const located = result.findings.find((finding) => finding.message.includes('substract'));
    expect(located).toMatchObject({
      ruleId: 'api-missing',
      file: 'app/new.py',
      line: 2,
      column: 1,
      severity: 'high',
    });
  });

  it('reports a package that is not installed, and one installed but not declared, with the commands', async () => {
    const result = await run('import yaml_not_real\nimport pytest\n');
    const missing = result.findings.find((finding) => finding.ruleId === 'import-missing');
    expect(missing?.message).toMatch(/`yaml_not_real` is not installed in the project's virtualenv/);
    expect(missing?.hint).toMatch(/pip install yaml_not_real/);
    const undeclared = result.findings.find((finding) => finding.ruleId === 'import-undeclared');
    expect(undeclared?.message).toMatch(/`pytest` comes from `pytest` .*not a declared dependency/);
    expect(undeclared?.hint).toMatch(/requirements\.txt/);
  });

  it('checks relative imports against the package the file would live in', async () => {
    const result = await run('from .util import double, tripel\nfrom . import util\nprint(util.doubel(2))\n');
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'app.util has no `tripel`',
      'app has no `util.doubel`; did you mean `util.double`?',
    ]);
  });

  it('reads code being typed: a line that does not parse is closed or left out, the rest is checked', async () => {
    // an unclosed call on the line being typed, and a block header without its colon
    const result = await run(
      'import tinycalc\n\n\ndef f(v):\n    if v\n        return tinycalc.substract(2, 1)\n    x = tinycalc.Calculator().totl([1]\n',
    );
    const found = result.findings.map((finding) => [finding.line, finding.message]);
    expect(found.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [6, `tinycalc ${TINYCALC_VERSION} has no \`substract\`; did you mean \`subtract\`?`],
      [7, `tinycalc ${TINYCALC_VERSION} has no \`Calculator.totl\`; did you mean \`Calculator.total\`?`],
    ]);
    expect(result.status).toBe('fail');
    expect(result.reason).toBe(
      'lines 5, 7 did not parse and were read as far as possible (closing brackets) or left out',
    );
  });

  it('walks `import a.b` uses from the top package, and offers public names before private ones', async () => {
    const result = await run('import os.path\nprint(os.path.joinpath("a", "b"))\n');
    expect(result.findings.map((finding) => finding.message)).toEqual([
      'os has no `path.joinpath`; did you mean `path.join`, `path.commonpath` or `path.normpath`?',
    ]);
  });

  it('is not a pass when nothing of the code can be read', async () => {
    const result = await run('import tinycalc\n' + ')'.repeat(3) + '\n'.repeat(1) + 'def (((\n'.repeat(45));
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/does not parse as Python/);
  });

  it('leaves the code unverified, neither failed nor passed, when a module it imports raises on import', async () => {
    // what a Django project's models module does without configured settings
    const project = mkdtempSync(join(tmpdir(), 'vouch-imports-'));
    mkdirSync(join(project, 'app'));
    writeFileSync(join(project, 'app', '__init__.py'), '');
    writeFileSync(join(project, 'app', 'util.py'), 'def double(x):\n    return 2 * x\n');
    writeFileSync(
      join(project, 'app', 'models.py'),
      'raise RuntimeError("Requested setting INSTALLED_APPS, but settings are not configured")\nclass Order: pass\n',
    );
    const check = (code: string) =>
      importsCheck.run(
        { code, language: 'python', path: 'app/new.py' },
        { workspaceRoot: project, config: {} },
      );
    const result = await check('from app.models import Order\nprint(Order)\n');
    expect(result.status).toBe('error');
    expect(result.reason).toMatch(/`app\.models` could not be imported .* not verified/);
    expect(result.findings).toEqual([
      expect.objectContaining({
        ruleId: 'import-failed',
        severity: 'info',
        line: 1,
        message: expect.stringMatching(/RuntimeError: Requested setting INSTALLED_APPS/),
      }),
    ]);
    // an invented name elsewhere in the same code still fails it
    const both = await check('from app.models import Order\nfrom app.util import dubble\n');
    expect(both.status).toBe('fail');
    expect(both.findings.map((finding) => finding.ruleId).sort()).toEqual(['api-missing', 'import-failed']);
    rmSync(project, { recursive: true, force: true });
  });

  it('says nothing of attributes an object raises on looking up, and still finds invented names', async () => {
    // Django's settings before they are configured: every attribute raises, `__class__` too (a lazy proxy)
    const project = mkdtempSync(join(tmpdir(), 'vouch-imports-'));
    mkdirSync(join(project, 'app'));
    writeFileSync(join(project, 'app', '__init__.py'), '');
    writeFileSync(
      join(project, 'app', 'conf.py'),
      [
        'class ImproperlyConfigured(Exception):',
        '    pass',
        '',
        'def unconfigured(name):',
        "    raise ImproperlyConfigured('Requested setting %s, but settings are not configured' % name)",
        '',
        'class LazySettings:',
        '    def __getattr__(self, name):',
        '        unconfigured(name)',
        '',
        '    __class__ = property(lambda self: unconfigured("__class__"))',
        '',
        'settings = LazySettings()',
        '',
      ].join('\n'),
    );
    writeFileSync(join(project, 'app', 'util.py'), 'def double(x):\n    return 2 * x\n');
    const check = (code: string) =>
      importsCheck.run(
        { code, language: 'python', path: 'app/new.py' },
        { workspaceRoot: project, config: {} },
      );
    const used = await check(
      'from app.conf import settings\nfrom app import conf\nprint(settings.DEBUG, settings.LOGGING.get("x"), conf.settings.INSTALLED_APPS)\n',
    );
    expect(used.findings).toEqual([]);
    expect(used.status).toBe('pass');
    const invented = await check(
      'from app.conf import settings\nfrom app.util import dubble\nprint(settings.DEBUG)\n',
    );
    expect(invented.status).toBe('fail');
    expect(invented.findings.map((finding) => finding.ruleId)).toEqual(['api-missing']);
    rmSync(project, { recursive: true, force: true });
  });

  it('does not flag attributes an instance gets in __init__ or names the code rebinds', async () => {
    const result = await run('import json\njson = {"dumps": 1}\nprint(json.nothing_here)\n');
    expect(result.findings).toEqual([]);
  });
});

describe('imports check for TypeScript and JavaScript (node_modules and .d.ts)', () => {
  const root = nodeProject();
  const run = (code: string, language: 'typescript' | 'javascript' = 'typescript') =>
    importsCheck.run(
      { code, language, path: language === 'typescript' ? 'src/new.ts' : 'src/new.js' },
      { workspaceRoot: root, config: {} },
    );

  it('passes exports that exist, relative modules and Node built-ins', async () => {
    const result = await run(
      "import { formatDate, parseDate } from 'typedlib';\nimport * as lib from 'typedlib';\nimport { readFileSync } from 'node:fs';\nimport { double } from './util.js';\nconsole.log(lib.VERSION, formatDate, parseDate, readFileSync, double);\n",
    );
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });

  it('reports exports the type declarations do not have, with close names and the version', async () => {
    const result = await run(
      "import { formatDat } from 'typedlib';\nimport * as lib from 'typedlib';\nlib.parseDat('x');\n",
    );
    expect(result.findings.map((finding) => finding.message)).toEqual([
      `typedlib ${TYPEDLIB_VERSION} has no export \`formatDat\`; did you mean \`formatDate\`?`,
      `typedlib ${TYPEDLIB_VERSION} has no export \`parseDat\`; did you mean \`parseDate\`?`,
    ]);
    expect(result.findings[1]).toMatchObject({ line: 3, column: 5 });
  });

  it('reports missing and undeclared packages with the npm command', async () => {
    const result = await run(
      "const pad = require('left-pad');\nconst { slugify } = require('untypedlib');\n",
      'javascript',
    );
    const missing = result.findings.find((finding) => finding.ruleId === 'import-missing');
    expect(missing?.hint).toMatch(/npm install left-pad/);
    const undeclared = result.findings.find((finding) => finding.ruleId === 'import-undeclared');
    expect(undeclared?.message).toMatch(/untypedlib.*0\.3\.0.*not a declared dependency/);
    expect(undeclared?.hint).toBe('declare it: `npm install untypedlib@^0.3.0`');
  });

  it.skipIf(!available)(
    'checks a package without type declarations by loading it in the sandbox',
    async () => {
      const result = await run("const { slugfy } = require('untypedlib');\n", 'javascript');
      const missing = result.findings.find((finding) => finding.ruleId === 'api-missing');
      expect(missing?.message).toBe('untypedlib 0.3.0 has no export `slugfy`; did you mean `slugify`?');
    },
  );

  it('reports a relative import that does not resolve', async () => {
    const result = await run("import { x } from './nope.js';\n");
    expect(result.findings[0]).toMatchObject({ ruleId: 'import-missing', line: 1 });
  });
});
