"""Drives a command through a real pseudo-terminal, for tests of what a user sees and presses.

argv[1] is a JSON plan: {"command": [...], "cwd": "...", "env": {...}, "steps": [...], "exitTimeout": s}.
Steps: {"expect": regex, "timeout": s} waits until the output since the last match matches;
{"send": text} types text (use "\\u0003" for Ctrl-C); {"sleep": s} waits. Prints one JSON object:
{"transcript", "exitCode", "signal", "marks": [seconds when each expect matched], "failed"?}.
"""
import json
import os
import pty
import re
import select
import signal
import sys
import time

plan = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.chdir(plan.get("cwd") or ".")
    os.execvpe(plan["command"][0], plan["command"], plan.get("env") or dict(os.environ))

start = time.monotonic()
output = b""
cursor = 0
marks = []
failed = None
exited = None


def pump(deadline):
    """Reads what the terminal shows until `deadline` or until there is nothing more to read."""
    global output, exited
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.05))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                output += chunk
                return
            # end of the terminal's output (EIO): the command is exiting, reap it
            done, status = os.waitpid(pid, 0)
            exited = status
            return
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            exited = status
            # drain what is left
            try:
                while select.select([fd], [], [], 0.05)[0]:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    output += chunk
            except OSError:
                pass
            return


for step in plan["steps"]:
    if failed or exited is not None and "expect" not in step:
        break
    if "send" in step:
        os.write(fd, step["send"].encode())
    elif "sleep" in step:
        end = time.monotonic() + step["sleep"]
        while time.monotonic() < end and exited is None:
            pump(end)
    elif "expect" in step:
        pattern = re.compile(step["expect"].encode(), re.S)
        end = time.monotonic() + step.get("timeout", 10)
        while True:
            match = pattern.search(output, cursor)
            if match:
                cursor = match.end()
                marks.append(round(time.monotonic() - start, 3))
                break
            if time.monotonic() >= end or exited is not None and not select.select([fd], [], [], 0)[0]:
                failed = "timed out waiting for %r" % step["expect"]
                break
            pump(end)

end = time.monotonic() + plan.get("exitTimeout", 10)
while exited is None and time.monotonic() < end:
    pump(end)
if exited is None:
    os.kill(pid, signal.SIGKILL)
    _, exited = os.waitpid(pid, 0)
    failed = failed or "the command did not exit"
print(json.dumps({
    "transcript": output.decode("utf-8", "replace"),
    "exitCode": os.WEXITSTATUS(exited) if os.WIFEXITED(exited) else None,
    "signal": os.WTERMSIG(exited) if os.WIFSIGNALED(exited) else None,
    "marks": marks,
    **({"failed": failed} if failed else {}),
}))
