import { describe, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { CALLS, expectNotVerified, greetTestCommand } from '../support/greet-test-command.js';

/**
 * w211: a generated suite whose only assertion never runs (under `if False:`, after a `return`, in a
 * function or generator the test never runs) passed as "verified", confidence high, exit 0, on the base
 * (9cbf0c79): the static reading counted the dead assert as a comparison and the mutants, every one
 * returning None, died by an AttributeError on the result. Through `main` and the loopback model.
 */
const sandbox = await sandboxAvailability();
// every mutant of greet returns None: CALLS kills them all by an AttributeError, asserting nothing
const cli = await greetTestCommand('vouch-test-vacuous-');

const HEAD = 'from greet import greet\n\n\ndef test_greet():\n';
const SUITES: Record<string, string> = {
  'only calls the code': `${HEAD}${CALLS}`,
  'asserts under if False': `${HEAD}${CALLS}    if False:\n        assert greet("a", True) == "A!"\n`,
  'asserts after return': `${HEAD}${CALLS}    return\n    assert greet("a", True) == "A!"\n`,
  'asserts in a function never called': `${HEAD}${CALLS}\n    def check():\n        assert greet("a", True) == "A!"\n`,
  'asserts in a generator never iterated': `${HEAD}${CALLS}\n    def check():\n        assert greet("a", True) == "A!"\n        yield\n\n    check()\n`,
  'asserts swallowed': `${HEAD}${CALLS}    try:\n        assert greet("a", True) == "A!"\n    except AssertionError:\n        pass\n`,
};

describe.skipIf(!sandbox.available)('vouch test: a suite that asserts nothing that runs', () => {
  for (const [name, suite] of Object.entries(SUITES))
    it(`${name}: not high, not verified`, async () => {
      expectNotVerified(await cli(suite));
    });
});
