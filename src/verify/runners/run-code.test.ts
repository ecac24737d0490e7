import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeProject, pythonProject, TINYCALC_VERSION } from '../__fixtures__/projects.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { runCode } from './run-code.js';

const available = (await sandboxAvailability()).available;

describe.skipIf(!available)('runCode', () => {
  it("runs Python with the project's virtualenv, so its installed packages import", async () => {
    const root = pythonProject();
    const result = await runCode({
      language: 'python',
      code: 'import importlib.metadata, sys, tinycalc\nfrom app.util import double\nprint(importlib.metadata.version("tinycalc"), tinycalc.add(1, 2), double(4), sys.prefix)\n',
      projectDir: root,
    });
    expect(result.status).toBe('ok');
    expect(result.stdout.trim()).toBe(`${TINYCALC_VERSION} 3 8 ${join(root, '.venv')}`);
    expect(result.command[0]).toBe(join(root, '.venv/bin/python'));
  });

  it('places the code at its target path over the read-only project, leaving the user files as they were', async () => {
    const root = pythonProject();
    const before = readdirSync(join(root, 'app')).sort();
    const original = readFileSync(join(root, 'app/util.py'), 'utf8');
    const result = await runCode({
      language: 'python',
      code: 'def double(x):\n    return 3 * x\n\n\nif __name__ == "__main__":\n    from app.util import double as imported\n    print(imported(5), __file__)\n',
      projectDir: root,
      targetPath: 'app/util.py',
    });
    expect(result.status).toBe('ok');
    expect(result.stdout.trim()).toBe(`15 ${join(root, 'app/util.py')}`);
    expect(readdirSync(join(root, 'app')).sort()).toEqual(before);
    expect(readFileSync(join(root, 'app/util.py'), 'utf8')).toBe(original);
  });

  it('type-strips TypeScript and runs it on Node, resolving the project node_modules', async () => {
    const root = nodeProject();
    const result = await runCode({
      language: 'typescript',
      code: "import { formatDate } from 'typedlib';\nconst day: Date = new Date(Date.UTC(2024, 0, 2));\nconsole.log(formatDate(day));\n",
      projectDir: root,
    });
    expect(result.status).toBe('ok');
    expect(result.stdout.trim()).toBe('2024-01-02');
  });

  it('runs a standalone CommonJS snippet without a project', async () => {
    const result = await runCode({
      language: 'javascript',
      code: 'const os = require("node:os");\nconsole.log(os.homedir());\n',
    });
    expect(result.stdout.trim()).toBe('/sandbox');
  });

  it('runs a test command from the project root with the overlay in place', async () => {
    const root = pythonProject();
    const result = await runCode({
      language: 'python',
      code: 'def triple(x):\n    return 3 * x\n',
      projectDir: root,
      targetPath: 'app/extra.py',
      command: ['python', '-c', 'from app.extra import triple; print(triple(3))'],
    });
    expect(result.stdout.trim()).toBe('9');
  });
});
