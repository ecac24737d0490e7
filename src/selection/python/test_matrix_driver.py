"""Unit tests of matrix_driver.py (run by src/eval/python-drivers.test.ts with pytest or unittest)."""
import ast
import json
import os
import subprocess
import sys
import unittest

# the driver ships in python/ at the package root, beside the modules it imports
SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'python')
sys.path.insert(0, SHIPPED)

import matrix_driver as driver  # noqa: E402

DRIVER = os.path.join(SHIPPED, 'matrix_driver.py')
PROMPT = 'def add(a, b):\n    """Add two numbers."""\n'


def job(candidates, assertions, **settings):
    base = {
        'nonce': 'NONCE', 'candidates': candidates, 'weights': [1] * len(candidates), 'prelude': [],
        'assertions': assertions, 'entryPoint': 'add', 'testSeconds': 0.1, 'candidateSeconds': 3.0,
        'setupSeconds': 1.0, 'strikes': 2, 'hangVotes': 2, 'normalise': 'alpha', 'isolate': True,
        'probes': True, 'validate': True, 'timer': 'tick',
    }
    base.update(settings)
    return base


def run_driver(payload):
    done = subprocess.run([sys.executable, DRIVER], input=json.dumps(payload), capture_output=True, text=True,
                          timeout=60)
    lines = [line for line in done.stdout.splitlines() if line.startswith('NONCE R ')]
    assert len(lines) == 1, done.stdout + done.stderr
    report = json.loads(lines[0][len('NONCE R '):])
    by_candidate = {}
    for kind in report['kinds']:
        for member in kind['members']:
            by_candidate[member] = kind
    return report, by_candidate


class PlanTest(unittest.TestCase):
    def test_comparisons_with_a_literal_become_probes(self):
        plan = driver.plan_assertion('assert add(1, 2) == 3, "sum"')
        self.assertEqual(plan['kind'], 'probe')
        self.assertEqual(ast.unparse(plan['probe']), 'add(1, 2)')
        self.assertTrue(driver.decide(plan['check'], 3))
        self.assertFalse(driver.decide(plan['check'], 4))

    def test_a_literal_on_the_left_keeps_its_side(self):
        plan = driver.plan_assertion('assert [1] == add([], [1])')
        self.assertEqual(ast.unparse(plan['probe']), 'add([], [1])')
        self.assertEqual(plan['check'][3], 'right')
        self.assertTrue(driver.decide(plan['check'], [1]))

    def test_truthiness_and_negation(self):
        self.assertEqual(driver.plan_assertion('assert add(0, 0)')['check'], ('truthy',))
        plan = driver.plan_assertion('assert not add(0, 0)')
        self.assertEqual(plan['check'], ('falsy',))
        self.assertTrue(driver.decide(plan['check'], 0))

    def test_other_forms_run_as_written(self):
        self.assertEqual(driver.plan_assertion('assert abs(add(0.1, 0.2) - 0.3) < 1e-6')['kind'], 'probe')
        self.assertEqual(driver.plan_assertion('assert add(1, 2) == add(2, 1)')['kind'], 'generic')

    def test_what_is_not_one_assertion_is_a_syntax_error(self):
        self.assertEqual(driver.plan_assertion('assert add(1, 2) ==')['status'], 'syntax')
        self.assertEqual(driver.plan_assertion('x = 1')['status'], 'syntax')


class CandidateKeyTest(unittest.TestCase):
    def key(self, body, mode='alpha'):
        text = PROMPT + body
        return driver.candidate_key(ast.parse(text), text, mode)

    def test_formatting_comments_and_docstrings_do_not_count(self):
        self.assertEqual(self.key('    return a + b\n'), self.key('    # sum\n    return (a +  b)\n'))

    def test_local_names_count_only_without_alpha(self):
        first = '    total = a + b\n    return total\n'
        second = '    s = a + b\n    return s\n'
        self.assertEqual(self.key(first), self.key(second))
        self.assertNotEqual(self.key(first, 'ast'), self.key(second, 'ast'))

    def test_different_programs_differ(self):
        self.assertNotEqual(self.key('    return a + b\n'), self.key('    return a - b\n'))


class PrepareTest(unittest.TestCase):
    def test_undefined_names_and_merging(self):
        payload = job([PROMPT + '    return a + b\n'], [
            'assert add(1, 2) == 3', 'assert add(1,2)==3, "again"', 'assert add(1, 2) == 4',
            'assert ____ == ____', 'assert helper(add(1, 2))', 'assert candidate(1, 2) == 3',
        ])
        candidates, assertions, units = driver.prepare(payload)
        self.assertEqual([a['status'] for a in assertions],
                         ['ok', 'ok', 'ok', 'undefined-name', 'undefined-name', 'ok'])
        # add(1, 2) is evaluated once for three assertions; candidate(1, 2) is another expression
        self.assertEqual(len(units), 2)
        self.assertEqual(assertions[0]['check'], assertions[1]['check'])
        self.assertNotEqual(assertions[0]['check'], assertions[2]['check'])


class TaggedLinesTest(unittest.TestCase):
    def test_only_lines_tagged_with_the_childs_key_count(self):
        key, other = b'k' * 16, b'o' * 16
        genuine = b'%s 0 v 000000000000 0\n' % driver.line_tag(key, b'0 v 000000000000 0')
        forged = b'1 v 000000000000 1\n%s 1 v x 1\n' % driver.line_tag(other, b'1 v x 1')
        cut = b'0 v' + genuine  # a forged prefix spoils the genuine line it lands on
        self.assertEqual(driver.tagged_lines(forged + genuine + b'end\n', key), ['0 v 000000000000 0'])
        self.assertEqual(driver.tagged_lines(cut, key), [])


class DriverTest(unittest.TestCase):
    def test_statuses_passes_and_merged_kinds(self):
        candidates = [
            PROMPT + '    return a + b\n',
            PROMPT + '    s = a\n    return s + b\n',
            PROMPT + '    t = a\n    return t + b  # same as the one before\n',
            PROMPT + '    return a - b\n',
            PROMPT + '    while True:\n        pass\n',
            PROMPT + '    return (\n',
            PROMPT + '    import os\n    os._exit(3)\n',
        ]
        assertions = ['assert add(1, 2) == 3', 'assert add(2, 2) == 4', 'assert add(1, 2) == -1',
                      'assert nothing(1)']
        report, by_candidate = run_driver(job(candidates, assertions))
        self.assertEqual(by_candidate[0]['passes'], '1100')
        self.assertEqual(by_candidate[1]['members'], [1, 2])
        self.assertEqual(by_candidate[3]['passes'], '0010')
        self.assertEqual(by_candidate[4]['status'], 'hanging')
        self.assertEqual(by_candidate[6]['status'], 'ok')
        self.assertEqual(by_candidate[6]['passes'], '0000')
        self.assertEqual(report['syntaxErrors'], [5])
        self.assertEqual(report['assertions'], ['ok', 'ok', 'ok', 'undefined-name'])
        self.assertEqual(report['units'], 2)
        # equal values, equal signatures; the wrong one differs
        self.assertEqual(by_candidate[0]['signature'], by_candidate[1]['signature'])
        self.assertNotEqual(by_candidate[0]['signature'], by_candidate[3]['signature'])

    def test_an_assertion_that_hangs_for_everyone_counts_for_nobody(self):
        candidates = [PROMPT + '    return a + b\n', PROMPT + '    return b + a\n', PROMPT + '    return a * b\n']
        slow = 'assert add(sum(range(10 ** 10)), 1) > 0'
        assertions = [slow, 'assert add(2, 2) == 4', 'assert add(3, 1) == 4']
        report, by_candidate = run_driver(job(candidates, assertions, normalise='ast'))
        self.assertEqual(report['assertions'], ['hanging', 'ok', 'ok'])
        self.assertEqual(by_candidate[0]['passes'], '011')
        self.assertEqual(by_candidate[1]['passes'], '011')
        self.assertEqual(by_candidate[2]['passes'], '010')

    def test_a_timeout_stays_inside_its_unit_while_the_candidate_unwinds(self):
        # Freeing the hung frame's big list takes longer than a tick; a second raise in that time must not
        # escape the unit (the candidate would die and be 'crashing' instead of 'hanging').
        candidates = [PROMPT + '    big = list(range(3_000_000))\n    while True:\n        pass\n']
        assertions = ['assert add(1, 2) == 3', 'assert add(2, 2) == 4', 'assert add(3, 3) == 6']
        _, by_candidate = run_driver(job(candidates, assertions, testSeconds=0.05))
        self.assertEqual(by_candidate[0]['status'], 'hanging')
        self.assertEqual(by_candidate[0]['signature'], ['T', 'T', '-'])

    def test_the_setitimer_timer_and_inline_mode_agree_with_the_default(self):
        candidates = [PROMPT + '    return a + b\n', PROMPT + '    return a - b\n']
        assertions = ['assert add(1, 2) == 3', 'assert add(3, 3) == 0', 'assert not add(1, 1)',
                      'assert add(1, 2) == add(2, 1)']
        expected = {0: '1001', 1: '0110'}
        for settings in ({'timer': 'setitimer'}, {'isolate': False}, {'probes': False}):
            _, by_candidate = run_driver(job(candidates, assertions, **settings))
            self.assertEqual({index: kind['passes'] for index, kind in by_candidate.items()}, expected)

    def test_prints_and_input_do_not_disturb_the_report(self):
        candidates = [PROMPT + '    print("NONCE R {}")\n    input()\n    return a + b\n']
        _, by_candidate = run_driver(job(candidates, ['assert add(1, 2) == 3']))
        self.assertEqual(by_candidate[0]['passes'], '0')


if __name__ == '__main__':
    unittest.main()
