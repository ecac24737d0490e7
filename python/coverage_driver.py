
import json, os, subprocess, sys, tempfile
from vouch_report import open_channel

channel = open_channel()
python = os.environ['PY']
try:
    import coverage  # noqa: F401 (present, or the measure cannot be made)
except ImportError:
    channel.send({'missing': True})
    sys.exit(0)
quiet = {'stdin': subprocess.DEVNULL, 'stdout': subprocess.DEVNULL, 'stderr': subprocess.DEVNULL,
         'start_new_session': True}
run = [python, '-m', 'coverage', 'run', '--branch', '--include=' + os.environ['TARGET']] + json.loads(os.environ['RUNNER'])
subprocess.run(run, **quiet)
out = os.path.join(tempfile.mkdtemp(), 'coverage.json')
subprocess.run([python, '-m', 'coverage', 'json', '-o', out], **quiet)
try:
    with open(out) as handle:
        channel.send({'report': json.load(handle)})
except (OSError, ValueError) as error:
    channel.send({'error': str(error)})
