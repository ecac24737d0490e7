import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import type { Check, CheckContext } from '../../core/check.js';
import { UsageError } from '../../core/errors.js';
import { securityCheck } from '../../security/check.js';
import { type LicenceDetails, runTask, type ScanDetails, scanFindings, type TaskHost } from '../index.js';

/** The gate as tasks: the profiles `check` runs, `scan`'s failing rule, `licence` on a small project. */

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

/** A check of our own interface that passes and remembers the config it was run with. */
function recording(name: string, seen: Record<string, CheckContext['config']>): Check {
  return {
    name,
    async run(_subject, context) {
      seen[name] = context.config;
      return { name, status: 'pass', findings: [], durationMs: 0 };
    },
  };
}

const NAMES = ['syntax', 'imports', 'types', 'lint', 'security', 'licence', 'harness', 'tests'];

function hostWith(checks: Check[], root = '/tmp'): TaskHost {
  return {
    workspaceRoot: root,
    config: { security: { external: true } },
    model: async () => {
      throw new Error('no model');
    },
    checks,
  };
}

describe('the check task', () => {
  it.each([
    ['typing', ['syntax', 'imports', 'security']],
    ['save', ['syntax', 'imports', 'types', 'lint', 'security', 'licence']],
    ['suggestion', NAMES],
    ['patch', ['syntax', 'imports', 'types', 'security', 'harness']],
  ] as const)('runs the %s profile’s checks, in the gate’s order', async (profile, expected) => {
    const seen: Record<string, CheckContext['config']> = {};
    const result = await runTask({
      name: 'check',
      input: { code: 'x = 1\n', language: 'python', profile },
      host: hostWith(NAMES.map((name) => recording(name, seen))),
    });
    expect(result.verification.checks.map((check) => check.name)).toEqual(expected);
    expect(result.verification.status).toBe('pass');
    expect(result.details).toMatchObject({ file: '<generated>', language: 'python', profile });
  });

  it('keeps external scanners out while typing, whatever the config says', async () => {
    const seen: Record<string, CheckContext['config']> = {};
    const checks = NAMES.map((name) => recording(name, seen));
    await runTask({
      name: 'check',
      input: { code: 'x = 1\n', language: 'python', profile: 'typing' },
      host: hostWith(checks),
    });
    expect(seen.security).toMatchObject({ security: { external: false } });
    await runTask({
      name: 'check',
      input: { code: 'x = 1\n', language: 'python', profile: 'save' },
      host: hostWith(checks),
    });
    expect(seen.security).toMatchObject({ security: { external: true } });
  });

  it('refuses a path outside the workspace and an unknown profile', async () => {
    const host = hostWith([]);
    await expect(
      runTask({ name: 'check', input: { code: 'x', language: 'python', path: '../x.py' }, host }),
    ).rejects.toThrow(UsageError);
    await expect(
      runTask({ name: 'check', input: { code: 'x', language: 'python', profile: 'everything' }, host }),
    ).rejects.toThrow(/profile/);
  });
});

const SQL = `import sqlite3


def find(db: sqlite3.Connection, name: str):
    return db.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchone()
`;

describe('the scan task', () => {
  it('fails at the severity asked for, counting no suppressed finding', async () => {
    const root = fixtures.project('vouch-scan-task-', {});
    const scan = (failOn: string) =>
      runTask({
        name: 'scan',
        input: { files: [{ path: 'users.py', source: SQL, language: 'python' }], failOn, external: false },
        host: hostWith([], root),
      });
    // SQL built from a parameter: medium (no caller is known to pass untrusted input)
    const medium = await scan('medium');
    expect(scanFindings(medium).map((finding) => finding.severity)).toContain('medium');
    expect(medium.verification.status).toBe('fail');
    expect((medium.details as unknown as ScanDetails).failing).toBeGreaterThan(0);
    const high = await scan('high');
    expect(high.verification.status).toBe('pass');
    expect((high.details as unknown as ScanDetails).failing).toBe(0);
    const ignored = await runTask({
      name: 'scan',
      input: {
        files: [
          {
            path: 'users.py',
            source: SQL.replace(
              ').fetchone()',
              ').fetchone()  # vouch-ignore CWE-89: names come from our own table',
            ),
            language: 'python',
          },
        ],
        failOn: 'low',
        external: false,
      },
      host: hostWith([], root),
    });
    expect(scanFindings(ignored).some((finding) => finding.suppressed)).toBe(true);
    expect((ignored.details as unknown as ScanDetails).failing).toBe(0);
  });
});

describe("the project's Semgrep rules (issue 47)", () => {
  const RULES = `rules:
  - id: team.no-print
    languages: [python]
    severity: ERROR
    message: print() in service code; use the logger
    pattern: print(...)
  - id: team.taint
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input()}]
    pattern-sinks: [{pattern: eval(...)}]
  - id: team.labelled
    mode: taint
    languages: [python]
    severity: ERROR
    message: t
    pattern-sources: [{pattern: input(), label: USER}]
    pattern-sinks: [{pattern: eval(...), requires: USER}]
`;
  it.each(['typing', 'save', 'suggestion', 'patch'] as const)(
    'run in the %s profile’s security check, blocking at ERROR',
    async (profile) => {
      const root = fixtures.project('vouch-semgrep-gate-', { '.semgrep.yml': RULES });
      const result = await runTask({
        name: 'check',
        input: { code: 'def f(x):\n    print(x)\n', language: 'python', profile },
        host: { ...hostWith([securityCheck], root), config: { security: { external: false } } },
      });
      const security = result.verification.checks.find((check) => check.name === 'security');
      expect(security?.findings).toEqual([
        expect.objectContaining({ ruleId: 'team.no-print', line: 2, severity: 'high' }),
      ]);
      expect(security?.blocking).toBe(true);
    },
  );

  it('run in the scan task, whose details list the matcher and the rules it did not run', async () => {
    const root = fixtures.project('vouch-semgrep-scan-', { '.semgrep/service.yml': RULES });
    const result = await runTask({
      name: 'scan',
      input: { files: [{ path: 'a.py', source: 'print(1)\n', language: 'python' }], external: false },
      host: hostWith([], root),
    });
    expect(scanFindings(result).map((finding) => finding.ruleId)).toEqual(['team.no-print']);
    const tool = (result.details as unknown as ScanDetails).tools.find(
      (each) => each.tool === 'semgrep rules (vouch)',
    );
    expect(tool?.notRun).toEqual([
      expect.objectContaining({ id: 'team.labelled', file: '.semgrep/service.yml' }),
    ]);
  });
});

describe('the licence task', () => {
  it('judges the dependencies against the policy and fails on a denied one', async () => {
    const root = fixtures.project('vouch-licence-task-', {
      'vouch.toml': '[licence]\ndeny = ["GPL-3.0-only"]\n',
      'package.json': JSON.stringify({
        name: 'p',
        version: '1.0.0',
        license: 'MIT',
        dependencies: { gpl: '1.0.0' },
      }),
      'node_modules/gpl/package.json': JSON.stringify({
        name: 'gpl',
        version: '1.0.0',
        license: 'GPL-3.0-only',
      }),
    });
    const host = { ...hostWith([], root), config: { licence: { deny: ['GPL-3.0-only'] } } };
    const result = await runTask({ name: 'licence', input: {}, host });
    const details = result.details as unknown as LicenceDetails;
    expect(details.dependencies?.packages.map((pkg) => [pkg.name, pkg.verdict])).toContainEqual([
      'gpl',
      'deny',
    ]);
    expect(details.matches).toBeNull();
    expect(result.verification.status).toBe('fail');
    await expect(runTask({ name: 'licence', input: { code: 'x = 1' }, host })).rejects.toThrow(
      /language: required with code/,
    );
  });
});
