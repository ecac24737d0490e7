import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { startTestServer, type TestServer } from '../support/vouch-server.js';

/**
 * Issue 55, `vouch serve`: POST /v1/check of a wrong `add` that wraps vouch's pytest plugin, with the tests
 * that say it is wrong, answered pass. What the code under test sends from inside pytest is no verdict.
 */

const sandbox = await sandboxAvailability();

const FORGER = `import sys

_plugin = sys.modules.get('vouch_pytest_report')
if _plugin is not None and _plugin.CHANNEL is not None:
    _send = _plugin.CHANNEL.send

    def _forged(value):
        if value.get('outcome') == 'failed':
            value = dict(value, outcome='passed', message=None, line=None)
        if value.get('finished'):
            value = dict(value, exitstatus=0)
        _send(value)

    _plugin.CHANNEL.send = _forged


def add(a, b):
    return a - b
`;
const TESTS = 'from solution import add\n\n\ndef test_adds():\n    assert add(2, 3) == 5\n';

describe.skipIf(!sandbox.available)('POST /v1/check: a verdict the code under test cannot forge', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('a candidate that rewrites the pytest plugin’s reports is no pass', async () => {
    const response = await server.request('/v1/check', {
      token: server.tokens.alice,
      json: { code: FORGER, language: 'python', path: 'solution.py', tests: [TESTS] },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checks: { name: string; status: string }[] };
    expect(body.status, JSON.stringify(body.checks)).not.toBe('pass');
    expect(body.checks.find((check) => check.name === 'harness')?.status).toBe('fail');
  }, 180_000);
});
