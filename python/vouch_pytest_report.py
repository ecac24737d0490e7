"""vouch's pytest plugin: each test's outcome, and the session's end, on the run's report channel.

Loaded with `-p vouch_pytest_report` (src/verify/checks/python-test-run.ts), before any conftest or test
module is imported, so it reads the channel's key (python/vouch_report.py) before the code under test runs.
The tests check reads results only from here: what the code or the tests print (a forged `PASSED` line, on
stdout or any descriptor) is output, and a run that ends without the session's end (`os._exit(0)` at import)
ran nothing that counts. The code under test runs in this process, as pytest runs it: printing and writing
cannot forge a result, but code that reaches this module (`sys.modules['vouch_pytest_report'].CHANNEL`)
can wrap `send` (issue 55). So the tests check never rests on this channel alone: pytest's own exit status
as the sandbox's parent sees it, the tests the files declare (read outside this process) and the static
harness check on the code must agree (docs/trust.md).
"""
from vouch_report import open_channel

CHANNEL = open_channel()


MESSAGE_CHARS = 4000


def _whole(text):
    """The message as written, up to MESSAGE_CHARS, and then cut at a word, never inside one."""
    text = text.strip()
    if len(text) <= MESSAGE_CHARS:
        return text
    cut = text[:MESSAGE_CHARS]
    return cut[:cut.rfind(' ')] + ' …' if ' ' in cut else cut + '…'


def _message(report):
    crash = getattr(getattr(report, 'longrepr', None), 'reprcrash', None)
    if crash is not None:
        return _whole(str(crash.message))
    text = str(getattr(report, 'longrepr', '') or '').strip()
    return _whole(text.split('\n')[-1]) if text else None


def _line(report):
    """The line of the test file the failure went through last (the assertion), else the test's own line."""
    test_file = report.nodeid.split('::')[0]
    entries = getattr(getattr(getattr(report, 'longrepr', None), 'reprtraceback', None), 'reprentries', None)
    for entry in reversed(entries or []):
        location = getattr(entry, 'reprfileloc', None)
        if location is not None and str(location.path).replace('\\', '/').endswith(test_file):
            return int(location.lineno)
    location = getattr(report, 'location', None)
    return location[1] + 1 if location and location[1] is not None else None


def _send(value):
    if CHANNEL is not None:
        CHANNEL.send(value)


def _values(report):
    """What the test handed out as `vouch_example` (vouch's examples of the request: the result, as plain
    data, which vouch compares outside this process)."""
    values = []
    for entry in getattr(report, 'user_properties', None) or ():
        if type(entry) is tuple and len(entry) == 2 and entry[0] == 'vouch_example':
            values.append(entry[1])
    return values


def pytest_runtest_logreport(report):
    if report.when != 'call' and report.outcome == 'passed':
        return
    line = {'test': report.nodeid, 'when': report.when, 'outcome': report.outcome,
            'xfail': hasattr(report, 'wasxfail'),
            'message': None if report.outcome == 'passed' else _message(report),
            'line': None if report.outcome == 'passed' else _line(report)}
    values = _values(report) if report.when == 'call' else []
    if values:
        line['values'] = values
    _send(line)


def pytest_collectreport(report):
    if report.failed:
        _send({'collect': report.nodeid, 'message': _message(report)})


def pytest_sessionfinish(session, exitstatus):
    _send({'finished': True, 'exitstatus': int(exitstatus)})
