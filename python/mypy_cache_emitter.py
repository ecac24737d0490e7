"""Builds the types check's cache of the standard library's stubs in the sandbox (src/verify/checks/mypy-stdlib-cache.ts).

Runs mypy (argv[1:]) on vouch's seed, then prints each regular file of /sandbox/cache as a JSON line
(path, mtime, zlib+base64 content) and an end line with the count. Prints nothing unless mypy exits 0.
"""
import base64, json, os, subprocess, sys, zlib
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if done.returncode != 0:
    sys.exit(3)
root = '/sandbox/cache'
count = 0
for folder, dirs, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, 'rb') as handle:
            data = handle.read()
        print(json.dumps({'p': os.path.relpath(path, root), 'm': os.stat(path).st_mtime, 'd': base64.b64encode(zlib.compress(data, 1)).decode()}))
        count += 1
print(json.dumps({'end': count}))
