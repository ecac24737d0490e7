"""A program that rewrites its own command line to read as the words it is given, then sleeps.

Run as `python3 renamed-argv.py WORD…`: the words (NUL-separated, as the kernel keeps argv) are written over
the process's argv memory, so `/proc/<pid>/cmdline` reads them while `/proc/<pid>/exe` still names Python
(src/lsp/gate-yield.test.ts: a program that names itself as vouch's launcher is paused all the same).
"""

import ctypes
import sys
import time

words = sys.argv[1:]
stat = open("/proc/self/stat").read()
# fields after the command name in parentheses: arg_start and arg_end are the 48th and 49th fields
fields = stat[stat.rfind(")") + 2 :].split()
start, end = int(fields[45]), int(fields[46])
text = b"\0".join(word.encode() for word in words) + b"\0"
if len(text) > end - start:
    sys.exit("the command line is too short to hold the new one")
ctypes.memmove(start, text + b"\0" * (end - start - len(text)), end - start)
time.sleep(300)
