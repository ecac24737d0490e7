import { describe, expect, it } from 'vitest';
import { sandboxAvailability } from '../../src/verify/sandbox/index.js';
import { CALLS, checkLines, expectNotVerified, greetTestCommand } from '../support/greet-test-command.js';

/**
 * w220 (a hostile round on w211): suites whose only comparing assertion never runs in forms w211's
 * dead-code reading did not cover. Through `main` and the loopback model, as test-command-vacuous does:
 * the suite's calls kill every mutant by an AttributeError, so only the static reading can tell.
 */
const sandbox = await sandboxAvailability();
const cli = await greetTestCommand('vouch-test-unrun-');

const ASSERT = 'assert greet("a", True) == "A!"\n';

const IMPORTS = 'import sys\nimport unittest\n\nimport pytest\n\nfrom greet import greet\n\n\n';
const CALLER = `def test_calls():\n${CALLS}\n\n`;
const SUITES: Record<string, string> = {
  'a second test marked skip': `${IMPORTS}${CALLER}@pytest.mark.skip(reason="later")\ndef test_values():\n    ${ASSERT}`,
  'a second test marked skipif(True)': `${IMPORTS}${CALLER}@pytest.mark.skipif(True, reason="later")\ndef test_values():\n    ${ASSERT}`,
  'a second test skipped on every Python 3': `${IMPORTS}${CALLER}@pytest.mark.skipif(sys.version_info >= (3,), reason="py2")\ndef test_values():\n    ${ASSERT}`,
  'a second test that calls pytest.skip first': `${IMPORTS}${CALLER}def test_values():\n    pytest.skip("later")\n    ${ASSERT}`,
  'a second test that calls a helper that skips': `${IMPORTS}${CALLER}def _later():\n    pytest.skip("later")\n\n\ndef test_values():\n    _later()\n    ${ASSERT}`,
  'a second test marked xfail': `${IMPORTS}${CALLER}@pytest.mark.xfail(strict=False)\ndef test_values():\n    ${ASSERT}`,
  'a unittest class skipped': `${IMPORTS}${CALLER}@unittest.skipIf(True, "later")\nclass TestValues(unittest.TestCase):\n    def test_values(self):\n        self.assertEqual(greet("a", True), "A!")\n`,
  'a unittest method skipped': `${IMPORTS}${CALLER}class TestValues(unittest.TestCase):\n    @unittest.skip("later")\n    def test_values(self):\n        self.assertEqual(greet("a", True), "A!")\n`,
  'a module-level pytestmark skip': `${IMPORTS}${CALLER}class TestValues:\n    pytestmark = pytest.mark.skip(reason="later")\n\n    def test_values(self):\n        ${ASSERT}`,
  'asserts after a division by zero in pytest.raises': `${IMPORTS}def test_greet():\n${CALLS}    with pytest.raises(ZeroDivisionError):\n        1 / 0\n        ${ASSERT}`,
  'asserts in a try whose except is bare': `${IMPORTS}def test_greet():\n${CALLS}    try:\n        ${ASSERT}    except:\n        pass\n`,
  'asserts in a try whose except is Exception': `${IMPORTS}def test_greet():\n${CALLS}    try:\n        ${ASSERT}    except Exception:\n        pass\n`,
  'asserts under if 1 == 2': `${IMPORTS}def test_greet():\n${CALLS}    if 1 == 2:\n        ${ASSERT}`,
  'asserts under if False and': `${IMPORTS}def test_greet():\n${CALLS}    if False and greet("a", True):\n        ${ASSERT}`,
  'asserts under sys.exit': `${IMPORTS}def test_greet():\n${CALLS}    sys.exit(0)\n    ${ASSERT}`,
  'asserts in a generator assigned and dropped': `${IMPORTS}def test_greet():\n${CALLS}\n    def check():\n        ${ASSERT}        yield\n\n    _ = check()\n`,
  'asserts in a generator test': `${IMPORTS}def test_greet():\n${CALLS}    yield\n    ${ASSERT}`,
  'asserts in a loop over an empty range': `${IMPORTS}def test_greet():\n${CALLS}    for _ in range(1, 1):\n        ${ASSERT}`,
  'asserts in a helper only a dead helper calls': `${IMPORTS}def test_greet():\n${CALLS}\n    def check():\n        ${ASSERT}\n    def outer():\n        check()\n`,
  'a comparing test named so pytest never collects it': `${IMPORTS}${CALLER}def check_values():\n    ${ASSERT}`,
  'a comparing test class pytest does not collect': `${IMPORTS}${CALLER}class ValuesTest:\n    def test_values(self):\n        ${ASSERT}`,
  'a comparing test redefined by a later test of the same name': `${IMPORTS}def test_greet():\n    ${ASSERT}\n\ndef test_greet():\n${CALLS}`,
};

// honest suites beside those shapes: the runner's names (parametrized ids, a TestCase of any name, a skipped
// test beside a comparing one that ran) must not make a comparing test look unrun
const HONEST: Record<string, string> = {
  'a parametrized comparing test': `${IMPORTS}@pytest.mark.parametrize("name, excited, expected", [("a", True, "A!"), ("b", False, "b")])
def test_greet(name, excited, expected):
    assert greet(name, excited) == expected
`,
  'a TestCase not named Test*': `${IMPORTS}class GreetCase(unittest.TestCase):
    def test_greet(self):
        self.assertEqual(greet("a", True), "A!")
        self.assertEqual(greet("b", False), "b")
`,
  'a skipped test beside a comparing test that ran': `${IMPORTS}@pytest.mark.skip(reason="later")
def test_later():
${CALLS}
def test_greet():
    assert greet("a", True) == "A!"
    assert greet("b", False) == "b"
`,
  'a loop over a non-empty range': `${IMPORTS}def test_greet():
    for _ in range(0, 2):
        assert greet("a", True) == "A!"
        assert greet("b", False) == "b"
`,
};

describe.skipIf(!sandbox.available)('vouch test: honest suites stay verified (w220)', () => {
  for (const [name, suite] of Object.entries(HONEST))
    it(`${name}: verified`, async () => {
      const run = await cli(suite);
      const { output, result } = run;
      const summary = JSON.stringify(checkLines(run));
      expect(output.verification.status, summary).toBe('pass');
      expect(output.confidence, summary).toBe('high');
      expect(result.code).toBe(0);
    });
});

describe.skipIf(!sandbox.available)('vouch test: a comparing assertion that never runs (w220)', () => {
  for (const [name, suite] of Object.entries(SUITES))
    it(`${name}: not high, not verified`, async () => {
      expectNotVerified(await cli(suite));
    });
});
