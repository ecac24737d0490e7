import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeProject, pythonProject } from '../__fixtures__/projects.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { lintCheck } from './lint.js';
import { typesCheck } from './types.js';

const available = (await sandboxAvailability()).available;

describe('types check (TypeScript compiler API on an overlay of the project)', () => {
  const root = nodeProject();
  const context = { workspaceRoot: root, config: {} };

  it('type-checks against the project tsconfig, its modules and node_modules declarations', async () => {
    const result = await typesCheck.run(
      {
        code: "import { formatDate } from 'typedlib';\nimport { double } from './util.js';\nconst text: number = formatDate(new Date());\ndouble('2');\nexport { text };\n",
        language: 'typescript',
        path: 'src/new.ts',
      },
      context,
    );
    expect(result.status).toBe('fail');
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['TS2322', 3],
      ['TS2345', 4],
    ]);
    expect(result.reason).toMatch(/tsconfig\.json/);
  });

  it('passes well-typed code', async () => {
    const result = await typesCheck.run(
      {
        code: "import { parseDate } from 'typedlib';\nexport const year: number = parseDate('2024-01-01').getFullYear();\n",
        language: 'typescript',
        path: 'src/ok.ts',
      },
      context,
    );
    expect(result.findings).toEqual([]);
    expect(result.status).toBe('pass');
  });
});

describe('types check for JavaScript', () => {
  it('skips unless the project opts in with checkJs, as tsc would', async () => {
    const result = await typesCheck.run(
      { code: 'const n = 1;\nn.toUpperCase();\n', language: 'javascript', path: 'src/plain.js' },
      { workspaceRoot: nodeProject(), config: {} },
    );
    expect(result.status).toBe('skip');
    expect(result.reason).toMatch(/checkJs/);
  });
});

describe.skipIf(!available || !existsSync('/usr/bin/mypy'))(
  'types check for Python (skipped without mypy: apt-get install mypy)',
  () => {
    it("runs mypy with the project's interpreter and reports type errors at their position", async () => {
      const result = await typesCheck.run(
        {
          code: 'import tinycalc\n\n\ndef label(x: int) -> str:\n    return x\n\n\nprint(tinycalc.add(1, 2), label(1))\n',
          language: 'python',
          path: 'app/new.py',
        },
        { workspaceRoot: pythonProject(), config: {} },
      );
      expect(result.reason).toBe('ran mypy');
      expect(result.status).toBe('fail');
      const error = result.findings.find((finding) => finding.severity === 'high');
      expect(error).toMatchObject({ ruleId: 'mypy-return-value', line: 5, column: 12, tool: 'mypy' });
      // an untyped third-party package is the project's mypy setup, not a defect of the code: low
      expect(
        result.findings
          .filter((finding) => finding.ruleId.startsWith('mypy-import'))
          .every((finding) => finding.severity === 'low'),
      ).toBe(true);
    });

    it("reports the checked file's errors, not those mypy finds in the modules it imports", async () => {
      // the other module comes from a change across files (CheckSubject.overlay), so mypy sees it too
      const result = await typesCheck.run(
        {
          code: 'from settings_module import ADMINS\n\n\ndef first() -> str:\n    return ADMINS[0]\n',
          language: 'python',
          path: 'uses_settings.py',
          overlay: { 'settings_module.py': 'ADMINS = []\n' },
        },
        { workspaceRoot: pythonProject(), config: {} },
      );
      expect(result.reason).toBe('ran mypy');
      expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([]);
      expect(result.status).toBe('pass');
    });

    describe('mypy on a project whose imports have errors of their own', () => {
      it("still reports the checked file's error when an imported module has hundreds of its own", async () => {
        // mypy stops listing errors after 200 once an import is unresolved ("Skipping most remaining
        // errors"): with imports' errors reported, a Django module's drowned the candidate's
        const crowded = mkdtempSync(join(tmpdir(), 'vouch-mypy-crowded-'));
        try {
          const lines = ['import not_installed_package_xyz'];
          for (let index = 0; index < 210; index++) lines.push(`v${index}: int = "a"`);
          writeFileSync(join(crowded, 'lib.py'), `${lines.join('\n')}\n`);
          const result = await typesCheck.run(
            {
              code: 'from lib import v1\n\n\ndef f() -> int:\n    return "a"\n',
              language: 'python',
              path: 'app.py',
            },
            { workspaceRoot: crowded, config: {} },
          );
          expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
            ['mypy-return-value', 5],
          ]);
        } finally {
          rmSync(crowded, { recursive: true, force: true });
        }
      });
    });
  },
);

describe.skipIf(!available)('lint check for Python', () => {
  const root = pythonProject();
  it('reports undefined names and unused imports, and says which tools ran', async () => {
    const result = await lintCheck.run(
      {
        code: 'import os\nimport json\n\n\ndef f(values):\n    return [v for v in values if v > limit] + json.loads("[]")\n\n\nclass A:\n    size = 1\n\n    def m(self):\n        return size\n',
        language: 'python',
        path: 'app/new.py',
      },
      { workspaceRoot: root, config: {} },
    );
    expect(result.status).toBe('fail');
    const own = result.findings.filter((finding) => finding.tool === 'vouch');
    expect(own.map((finding) => [finding.ruleId, finding.line, finding.message])).toEqual(
      expect.arrayContaining([
        ['undefined-name', 6, "undefined name 'limit'"],
        ['undefined-name', 13, "undefined name 'size'"],
        ['unused-import', 1, "'os' imported but unused"],
      ]),
    );
    expect(own).toHaveLength(3);
    const tools = result.details?.tools as string[];
    expect(tools[0]).toMatch(/^vouch/);
    expect(tools.includes('flake8')).toBe(
      existsSync('/usr/bin/flake8') || existsSync(`${root}/.venv/bin/flake8`),
    );
  });
});
