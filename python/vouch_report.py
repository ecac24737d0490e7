"""The report channel of a sandboxed driver (src/verify/sandbox/report-channel.ts), for vouch's Python drivers.

A run made with `report: true` gets two descriptors, named in its environment: VOUCH_REPORT_FD, which the
driver writes its report on, and VOUCH_REPORT_KEY_FD, which holds this run's key and nothing else. The host
trusts a report only when every line on the channel starts with the key. `open_channel()`, called before any
code under test is loaded:
- takes both names out of the environment (a program started later does not learn them);
- reads the key and closes its descriptor;
- marks the report descriptor close-on-exec (a program the driver executes does not get it);
- makes the process non-dumpable, so a child cannot open the driver's descriptors or memory through /proc,
  nor trace it.
A child that runs code under test calls `channel.close_in_child()` first: it then holds neither the descriptor
nor the key. Without a channel (a driver run by hand, or by its unit tests) `open_channel()` answers None and
the driver prints its report instead; the host never reads a verdict from stdout.
"""
import ctypes
import json
import os

FD_NAME = 'VOUCH_REPORT_FD'
KEY_FD_NAME = 'VOUCH_REPORT_KEY_FD'


class ReportChannel:
    def __init__(self, fd, key):
        self.fd = fd
        self.key = key

    def send(self, value):
        """One report line: the key, a space, the value as one line of JSON."""
        data = self.key + b' ' + json.dumps(value).encode() + b'\n'
        while data:
            data = data[os.write(self.fd, data):]

    def close_in_child(self):
        """For a forked child about to run code under test: it keeps neither the descriptor nor the key."""
        try:
            os.close(self.fd)
        except OSError:
            pass
        self.fd = -1
        self.key = b''


def non_dumpable():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE = 0
    except Exception:
        pass


def open_channel():
    fd = os.environ.pop(FD_NAME, None)
    key_fd = os.environ.pop(KEY_FD_NAME, None)
    if fd is None or key_fd is None:
        return None
    non_dumpable()
    key = b''
    while True:
        chunk = os.read(int(key_fd), 256)
        if not chunk:
            break
        key += chunk
    os.close(int(key_fd))
    os.set_inheritable(int(fd), False)
    return ReportChannel(int(fd), key.strip())
