import subprocess


class CommandRunner:
    def __init__(self, command, timeout=10):
        self.command = command
        self.timeout = timeout

    def run(self):
        return subprocess.run(self.command, shell=True, capture_output=True, timeout=self.timeout).stdout
