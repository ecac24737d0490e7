import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ListedWhole } from './scan-listed-whole.js';

/**
 * Issue 59: a folder `vouch scan` listed is not walked again for the project's settings only when the scan's
 * listing holds every Python file the settings' listing would take there. Each case below is one where the
 * two differ: answering `whole` there would give an exemption back (test/cli/scan-settings-listed.test.ts
 * shows it through the CLI).
 */
const made: string[] = [];
afterEach(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});
function folder(): string {
  const made_ = mkdtempSync(join(tmpdir(), 'vouch-listed-whole-'));
  made.push(made_);
  return made_;
}

describe('ListedWhole', () => {
  it('a folder listed for every language or for Python, nothing left out: whole', () => {
    const root = folder();
    expect(new ListedWhole(root, undefined).whole).toBe(true);
    expect(new ListedWhole(root, 'python').whole).toBe(true);
  });

  it('--lang other than Python: the scan listed none of its Python files', () => {
    expect(new ListedWhole(folder(), 'javascript').whole).toBe(false);
    expect(new ListedWhole(folder(), 'typescript').whole).toBe(false);
  });

  it('a .vouchignore at its top: read by the scan only', () => {
    const root = folder();
    writeFileSync(join(root, '.vouchignore'), 'generated/\n');
    expect(new ListedWhole(root, undefined).whole).toBe(false);
  });

  it('a Python file too large, a link, ignored or a hard-linked secret: the settings listing may take or report it', () => {
    for (const reason of ['large', 'link', 'link-outside', 'ignored', 'secrets', 'binary'] as const) {
      const whole = new ListedWhole(folder(), undefined);
      whole.leftOut('app/big.py', reason);
      expect(whole.whole, reason).toBe(false);
    }
  });

  it('left out by name (vendored, generated) or not Python: still whole', () => {
    const whole = new ListedWhole(folder(), undefined);
    whole.leftOut('node_modules/pkg/setup.py', 'vendored');
    whole.leftOut('api_pb2.py', 'generated');
    whole.leftOut('static/big.js', 'large');
    whole.leftOut('logo.png', 'binary');
    expect(whole.whole).toBe(true);
  });

  it('a Python file listed that the scan could not read (its bytes): the settings reader still takes its lines', () => {
    const whole = new ListedWhole(folder(), undefined);
    whole.notRead();
    expect(whole.whole).toBe(false);
  });
});
