import { describe, expect, it } from 'vitest';
import { securityCheck } from '../../src/security/check.js';
import { scanSources } from '../../src/security/scan.js';

/**
 * Attack: Trojan Source (CVE-2021-42574). Bidi control characters make code display in another order than
 * it runs; such code passed the gate with no finding. Now each line holding one is a high finding.
 */

// displays as `if access_level != "user": # Check if admin`, runs as a comparison with "user‮ ⁦# Check if admin⁩ ⁦"
const PYTHON =
  'def is_admin(access_level):\n    if access_level != "user\u202e \u2066# Check if admin\u2069 \u2066":\n        return True\n    return False\n';
// displays the early return as a comment
const JAVASCRIPT =
  'function isAdmin() {\n  let isAdmin = false;\n  /*\u202e } \u2066if (isAdmin)\u2069 \u2066 begin admins only */\n  return isAdmin;\n}\n';

describe('bidi controls in code', () => {
  it('are a high finding of the gate, in Python and JavaScript', async () => {
    for (const [code, language, path] of [
      [PYTHON, 'python', 'admin.py'],
      [JAVASCRIPT, 'javascript', 'admin.js'],
    ] as const) {
      const result = await securityCheck.run(
        { code, language, path },
        { workspaceRoot: process.cwd(), config: { security: { external: false, semgrep: [] } } },
      );
      expect(result.status, JSON.stringify(result.findings)).toBe('fail');
      expect(result.blocking).toBe(true);
      const [finding] = result.findings.filter((f) => f.ruleId === 'bidi-control');
      expect(finding).toMatchObject({ line: path.endsWith('.py') ? 2 : 3, severity: 'high', cwe: 451 });
      expect(finding?.message).toMatch(/RLO|LRI/);
    }
  });

  it('in any file vouch scans, and right-to-left text with its marks alone is no finding', async () => {
    const report = await scanSources(
      [
        { path: 'notes.md', source: 'ok\nsee \u2067this\u2069\n' },
        { path: 'greeting.py', source: 'GREETING = "\u200fשלום"\n', language: 'python' },
      ],
      { external: false },
    );
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual([
      'notes.md:2:bidi-control',
    ]);
  });
});
