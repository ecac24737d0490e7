import subprocess


class Runner:
    def __init__(self, args):
        self.args = args

    def run(self):
        return subprocess.run(self.args, capture_output=True).stdout
