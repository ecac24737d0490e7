"""CPU cost of python/differential_side.py on its own (w204): the `load`, `plan` and one `call` of up to 300
inputs the differential sends, for two copies of the side (before/after), alternating, medians of user+sys.
usage: python3 bench/refactor/side-cost.py BEFORE_SIDE.py AFTER_SIDE.py RUNS MODULE.py:FUNCTION ..."""
import json, os, resource, statistics, subprocess, sys


def once(side, path, name):
    requests = [
        {'id': 1, 'op': 'load', 'names': [name], 'callTimeoutSec': 1, 'seed': 1, 'path': path},
        {'id': 2, 'op': 'plan', 'name': name, 'tests': [], 'maxInputs': 80, 'constants': {}},
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.abspath(side)))
    child = subprocess.Popen([sys.executable, side], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    replies = []
    for request in requests:
        child.stdin.write(json.dumps(request) + '\n')
        child.stdin.flush()
        replies.append(json.loads(child.stdout.readline()))
    inputs = replies[1].get('inputs', [])[:300]
    child.stdin.write(json.dumps({'id': 3, 'op': 'call', 'name': name, 'inputs': inputs}) + '\n')
    child.stdin.flush()
    json.loads(child.stdout.readline())
    child.stdin.close()
    child.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main():
    before, after, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for target in sys.argv[4:]:
        path, name = target.split(':')
        times = {before: [], after: []}
        for _ in range(runs):
            for side in (before, after):
                times[side].append(once(side, os.path.abspath(path), name))
        b, a = statistics.median(times[before]), statistics.median(times[after])
        print('%s before %.3f s after %.3f s ratio %.2f' % (target, b, a, a / b))


main()
