"""vouch's unittest runner: `python -m unittest -v FILES` as unittest runs it, with each test's outcome and
the run's end on the run's report channel (python/vouch_report.py), which is opened before any test module
is imported. The tests check reads results only from here (see vouch_pytest_report.py for what that does and
does not keep out). argv: unittest's own (`-v`, test files or names).
"""
import sys
import traceback
import unittest

from vouch_report import open_channel

CHANNEL = open_channel()


def send(value):
    if CHANNEL is not None:
        CHANNEL.send(value)


def last_line(result, err, test):
    """The exception's own message, whole (unittest's `AssertionError: …`, all its lines)."""
    text = ''.join(traceback.format_exception_only(err[0], err[1])).strip() if err else ''
    return text[:4000] if len(text) <= 4000 else text[:text.rfind(' ', 0, 4000)] + ' …'


def test_line(err, test):
    """The last line of the test's own module the failure went through (the assertion)."""
    module = sys.modules.get(type(test).__module__)
    path = getattr(module, '__file__', None)
    line = None
    for frame in traceback.extract_tb(err[2]) if err else []:
        if path and frame.filename == path:
            line = frame.lineno
    return line


class ReportingResult(unittest.TextTestResult):
    def _report(self, test, outcome, err=None):
        send({'test': test.id(), 'outcome': outcome, 'message': last_line(self, err, test) if err else None,
              'line': test_line(err, test)})

    def addSuccess(self, test):
        super().addSuccess(test)
        self._report(test, 'passed')

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._report(test, 'failed', err)

    def addError(self, test, err):
        super().addError(test, err)
        self._report(test, 'error', err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._report(test, 'skipped')

    def addExpectedFailure(self, test, err):
        # failed, as its author said it would: no evidence the code works, so not a pass
        super().addExpectedFailure(test, err)
        send({'test': test.id(), 'outcome': 'skipped', 'xfail': True, 'message': 'expected failure'})

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        send({'test': test.id(), 'outcome': 'failed', 'message': 'unexpected success'})

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self._report(subtest, 'failed' if failed else 'error', err)


main = unittest.main(module=None, argv=['python -m unittest'] + sys.argv[1:], exit=False,
                     testRunner=unittest.TextTestRunner(resultclass=ReportingResult))
send({'finished': True, 'exitstatus': 0 if main.result.wasSuccessful() else 1, 'testsRun': main.result.testsRun})
sys.exit(0 if main.result.wasSuccessful() else 1)
