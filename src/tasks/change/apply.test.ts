import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskResultOf } from '../result-schema.js';
import { hashContent } from '../test/target.js';
import { applyChange } from './apply.js';

/** How a face writes a change (`vouch change --apply`, the server's apply route): what it refuses. */

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'vouch-apply-'));
  made.push(root);
  writeFileSync(join(root, 'cart.py'), 'TOTAL = 1\n');
  return root;
}

/** A delivered change: `cart.py` edited, plus the files in `created`. */
function change(
  verification: { status: 'pass' | 'fail' | 'unverified'; blocked: boolean },
  created: Record<string, string> = {},
): TaskResultOf<'change'> {
  const edits = [
    { path: 'cart.py', baseHash: hashContent('TOTAL = 1\n') },
    ...Object.keys(created).map((path) => ({ path, baseHash: '' })),
  ];
  return {
    edits,
    details: { after: { 'cart.py': 'TOTAL = 2\n', ...created } },
    verification: { ...verification, reasons: ['a regression: test_total passed before, fails after'] },
  } as unknown as TaskResultOf<'change'>;
}

describe('applyChange', () => {
  it('writes a verified change: every file', () => {
    const root = project();
    expect(
      applyChange(root, change({ status: 'pass', blocked: false }, { 'shop/discount.py': 'X = 1\n' }), {
        writeUnverified: false,
      }),
    ).toBeUndefined();
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 2\n');
    expect(readFileSync(join(root, 'shop/discount.py'), 'utf8')).toBe('X = 1\n');
  });

  it('never writes a blocked change, not even when told to write unverified code', () => {
    const root = project();
    const refused = applyChange(root, change({ status: 'unverified', blocked: true }), {
      writeUnverified: true,
    });
    expect(refused?.reason).toMatch(/blocked/);
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 1\n');
  });

  it('refuses a change that creates a dot-file (tool configuration run outside the sandbox), and writes nothing', () => {
    const root = project();
    const refused = applyChange(
      root,
      change(
        { status: 'pass', blocked: false },
        { '.eslintrc.cjs': 'require("child_process").execSync("id")\n' },
      ),
      { writeUnverified: false },
    );
    expect(refused?.reason).toMatch(/\.eslintrc\.cjs, a dot-file/);
    expect(existsSync(join(root, '.eslintrc.cjs'))).toBe(false);
    expect(readFileSync(join(root, 'cart.py'), 'utf8')).toBe('TOTAL = 1\n');
  });
});
