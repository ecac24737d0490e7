import subprocess


def run_command(command):
    """Run a shell command and return what it printed."""
    result = subprocess.run(command, shell=True, capture_output=True, text=True)
    return result.stdout
