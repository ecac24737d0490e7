"""How a forked child's verdict reaches its driver when the child runs code that could forge it (issue 55).

The code a child runs shares its process: it can write on any descriptor the child holds and end the
process with any status. So what the child says counts only when it carries something drawn for that child
alone, after the fork, which the code it runs cannot know:
- exec_driver.py: a pass is an exit status drawn for the child (`draw_pass_status`, `exited_with`); the
  pipe says only why a program failed, and a pass written there is a forgery;
- matrix_driver.py: each line the child writes carries a tag keyed with a key drawn for it (`line_tag`),
  and the driver keeps only the lines whose tag is right (`tagged_lines`).
Shipped beside both drivers in their sandbox jobs (src/eval/judge.ts, src/selection/python-matrix.ts).
"""
import os


def draw_pass_status():
    """An exit status that means "passed" for one child alone: 40-239, none of Python's own."""
    # os.urandom rather than `secrets`, whose imports cost each job ~4 MB and a few ms
    return 40 + int.from_bytes(os.urandom(2), 'big') % 200


def exited_with(status, drawn):
    """Whether a wait status is a normal exit with the status drawn for the child."""
    return status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == drawn


def line_tag(key, line):
    """The tag of one line the child writes (bytes, without its newline): 16 hex digits."""
    import hashlib  # here, not at the top: exec_driver's children never tag a line

    return hashlib.blake2b(line, key=key, digest_size=8).hexdigest().encode()


def tagged_lines(data, key):
    """The lines of `data` whose tag is right, without it; what the candidate wrote itself is dropped."""
    lines = []
    for raw in data.split(b'\n'):
        tag, _, line = raw.partition(b' ')
        if tag and tag == line_tag(key, line):
            lines.append(line.decode('utf-8', 'replace'))
    return lines
