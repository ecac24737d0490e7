"""vouch's pytest plugin: each test's outcome, and the session's end, on the run's report channel.

Loaded with `-p vouch_pytest_report` (src/verify/checks/python-test-run.ts), before any conftest or test
module is imported, so it reads the channel's key (python/vouch_report.py) before the code under test runs.
The tests check reads results only from here: what the code or the tests print (a forged `PASSED` line, on
stdout or any descriptor) is output, and a run that ends without the session's end (`os._exit(0)` at import)
ran nothing that counts. The code under test runs in this process, as pytest runs it: code written to read
this module's memory could still find the key; printing and writing cannot forge a result.
"""
from vouch_report import open_channel

CHANNEL = open_channel()


def _message(report):
    crash = getattr(getattr(report, 'longrepr', None), 'reprcrash', None)
    if crash is not None:
        return str(crash.message).split('\n')[0][:500]
    text = str(getattr(report, 'longrepr', '') or '').strip()
    return text.split('\n')[-1][:500] if text else None


def _send(value):
    if CHANNEL is not None:
        CHANNEL.send(value)


def pytest_runtest_logreport(report):
    if report.when != 'call' and report.outcome == 'passed':
        return
    _send({'test': report.nodeid, 'when': report.when, 'outcome': report.outcome,
           'xfail': hasattr(report, 'wasxfail'),
           'message': None if report.outcome == 'passed' else _message(report)})


def pytest_collectreport(report):
    if report.failed:
        _send({'collect': report.nodeid, 'message': _message(report)})


def pytest_sessionfinish(session, exitstatus):
    _send({'finished': True, 'exitstatus': int(exitstatus)})
