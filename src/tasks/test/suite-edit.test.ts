import { describe, expect, it } from 'vitest';
import { dropTests, mergeSuites } from './suite-edit.js';

describe('suite editing', () => {
  it('drops failed pytest tests by name, parametrized cases and decorators included', async () => {
    const suite = [
      'import pytest',
      'from calc import add',
      '',
      '',
      'def test_ok():',
      '    assert add(1, 2) == 3',
      '',
      '',
      '@pytest.mark.parametrize("a", [1, 2])',
      'def test_wrong(a):',
      '    assert add(a, a) == 5',
      '',
    ].join('\n');
    const pruned = await dropTests(suite, 'python', ['test_wrong[1]']);
    expect(pruned).toContain('def test_ok');
    expect(pruned).not.toContain('test_wrong');
    expect(pruned).not.toContain('parametrize');
  });

  it('drops a failed vitest or jest test named by its describe blocks and title', async () => {
    const suite =
      "import { describe, it, expect } from 'vitest';\ndescribe('clamp', () => {\n  it('below', () => expect(1).toBe(1));\n  it('wrong', () => expect(1).toBe(2));\n});\n";
    const pruned = await dropTests(suite, 'javascript', ['clamp wrong']);
    expect(pruned).toContain("it('below'");
    expect(pruned).not.toContain("it('wrong'");
  });

  it('merges a second round without importing a binding twice or shadowing a test', async () => {
    const first =
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp } from './clamp.js';\n\ntest('a', () => assert.equal(clamp(1, 0, 2), 1));\n";
    const second =
      "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { clamp, CLAMP_MAX } from './clamp.js';\n\ntest('b', () => assert.equal(clamp(9, 0, CLAMP_MAX), CLAMP_MAX));\n";
    const merged = await mergeSuites(first, second, 'javascript');
    expect(merged.match(/from 'node:test'/g)).toHaveLength(1);
    expect(merged).toContain("import { CLAMP_MAX } from './clamp.js';");
    const python = await mergeSuites(
      'def test_a():\n    pass\n',
      'from x import y\n\n\ndef test_a():\n    assert y\n',
      'python',
    );
    expect(python).toContain('def test_a_2():');
  });

  it('a Python test the first suite already has word for word is not appended again as _2 (issue 57)', async () => {
    const first = 'from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n';
    const merged = await mergeSuites(
      first,
      'from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\ndef test_negative():\n    assert add(-1, -2) == -3\n',
      'python',
    );
    expect(merged).not.toContain('test_add_2');
    expect(merged.match(/def test_add\(/g)).toHaveLength(1);
    expect(merged).toContain('def test_negative():');
  });

  it('a vitest describe block given again is not appended twice; its new tests are (w231)', async () => {
    const first =
      'import { describe, it, expect } from "vitest";\nimport { total } from "../src/cart";\ndescribe("total", () => { it("sums", () => { expect(total([2, 3])).toBe(5); }); });\n';
    // the model answered the survivors with its first suite again, word for word
    const again = await mergeSuites(first, first, 'typescript');
    expect(again.match(/describe\(/g)).toHaveLength(1);
    expect(again.match(/it\("sums"/g)).toHaveLength(1);
    // the first suite again, with a new test in the block: only the new test is added
    const more = await mergeSuites(
      first,
      'import { describe, it, expect } from "vitest";\nimport { total } from "../src/cart";\n\ndescribe("total", () => {\n  it("sums", () => { expect(total([2, 3])).toBe(5); });\n  it("is 0 when empty", () => {\n    expect(total([])).toBe(0);\n  });\n});\n',
      'typescript',
    );
    expect(more.match(/it\("sums"/g)).toHaveLength(1);
    expect(more).toContain('it("is 0 when empty"');
    expect(more.match(/describe\(/g)).toHaveLength(2);
  });
});
