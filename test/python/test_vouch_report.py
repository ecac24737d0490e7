"""Unit tests of python/vouch_report.py, the report channel of vouch's Python drivers (run by
test/python/shipped-python.test.ts). Each test runs the helper in a child process, as a driver would be run:
with the two descriptors and their names in its environment."""
import os
import subprocess
import sys
import textwrap
import unittest

PYTHON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'python')


def run_driver(body, key=b'k3y', unprivileged=False):
    """Runs `body` after `channel = open_channel()`; returns (report text, stdout). `unprivileged`: as root,
    the driver first becomes uid 65534, as a program in the sandbox runs (root may read any process's fds)."""
    report_read, report_write = os.pipe()
    key_read, key_write = os.pipe()
    os.write(key_write, key + b'\n')
    os.close(key_write)
    program = textwrap.dedent('''
        import os, sys
        sys.path.insert(0, %r)
        from vouch_report import open_channel
        # imported first: the checkout may sit in a folder only root can enter (mktemp -d is 0700)
        if %r and os.getuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
        channel = open_channel()
    ''' % (PYTHON_DIR, unprivileged)) + textwrap.dedent(body)
    env = dict(os.environ, VOUCH_REPORT_FD=str(report_write), VOUCH_REPORT_KEY_FD=str(key_read))
    done = subprocess.run([sys.executable, '-c', program], env=env, capture_output=True, text=True, timeout=60,
                          pass_fds=(report_write, key_read))
    os.close(report_write)
    os.close(key_read)
    report = b''
    while True:
        chunk = os.read(report_read, 65536)
        if not chunk:
            break
        report += chunk
    os.close(report_read)
    if done.returncode != 0:
        raise AssertionError(done.stderr)
    return report.decode(), done.stdout


class ReportChannelTest(unittest.TestCase):
    def test_reports_with_the_key_and_hides_the_channel_from_the_program(self):
        report, stdout = run_driver('''
            channel.send({'ok': True, 'text': 'two\\nlines'})
            print(sorted(name for name in os.environ if name.startswith('VOUCH_')))
            print(os.get_inheritable(channel.fd))
            with open('/proc/self/status') as status:
                print([line.split()[1] for line in status if line.startswith('TracerPid')])
            import ctypes
            print(ctypes.CDLL(None).prctl(3, 0, 0, 0, 0))  # PR_GET_DUMPABLE
        ''')
        self.assertEqual(report, 'k3y {"ok": true, "text": "two\\nlines"}\n')
        lines = stdout.splitlines()
        self.assertEqual(lines[0], '[]')
        self.assertEqual(lines[1], 'False')
        self.assertEqual(lines[3], '0')

    def test_a_child_that_closed_the_channel_cannot_write_on_it(self):
        report, stdout = run_driver('''
            pid = os.fork()
            if pid == 0:
                fd = channel.fd
                channel.close_in_child()
                # code under test, trying the descriptor it knows and the parent's through /proc
                for attempt in (lambda: os.write(fd, b'forged\\n'),
                                lambda: open('/proc/%d/fd/%d' % (os.getppid(), fd), 'w').write('forged\\n')):
                    try:
                        attempt()
                        print('wrote')
                    except OSError as error:
                        print('refused', error.errno)
                os._exit(0)
            os.waitpid(pid, 0)
            channel.send('done')
        ''', unprivileged=True)
        self.assertEqual(report, 'k3y "done"\n')
        self.assertNotIn('wrote', stdout)

    def test_without_a_channel_it_answers_none(self):
        done = subprocess.run([sys.executable, '-c', 'import sys; sys.path.insert(0, %r)\n'
                               'from vouch_report import open_channel; print(open_channel())' % PYTHON_DIR],
                              env={k: v for k, v in os.environ.items() if not k.startswith('VOUCH_REPORT')},
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(done.stdout.strip(), 'None')


if __name__ == '__main__':
    unittest.main()
