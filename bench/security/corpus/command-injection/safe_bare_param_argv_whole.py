import subprocess


def run_command(args):
    """Run a program with its arguments (a list: no shell parses it) and return what it printed."""
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return result.stdout
