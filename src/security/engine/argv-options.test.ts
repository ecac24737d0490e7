import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Review r46 (w187): argument lists whose request-chosen command the gate missed. Options run together
 * (`sudo -iu root`), options whose value the wrapper runs (`env -S q`, `su --command=q`, `flock -c q`), wrappers
 * not listed (flock, chroot, `docker exec`, busybox, `script -c`, sshpass), a shell's script after its own
 * options (`bash -c -- q`) or run through `"$@"`, spreads and lists extended by words not known. Beside each, the
 * ordinary code that stays quiet.
 */
const lines = (code: string) => ruleLines(code, 'command-injection-argv');
const route = (body: string) =>
  `import subprocess, shlex\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    c = request.args.get("command")\n${body}`;
const run = (list: string) => route(`    return subprocess.run(${list}).stdout\n`);

describe('r46: the request runs through an argument list the gate read wrong', () => {
  it.each([
    ['sudo -iu root (run-together options)', run('["sudo", "-iu", "root", "sh", "-c", c]')],
    ['sudo -Hu app', run('["sudo", "-Hu", "app", "sh", "-c", c]')],
    ['xargs -0n 1', run('["xargs", "-0n", "1", "sh", "-c", c]')],
    ['ionice -t -c3', run('["ionice", "-t", "-c3", "sh", "-c", c]')],
    ['env -S with the request as its command line', run('["env", "-S", c]')],
    ['env --split-string=, built', run('["env", "--split-string=" + c]')],
    ['env -P PATH before the shell', run('["env", "--ignore-environment", "-P", "/bin", "sh", "-c", c]')],
    ['su --command= built', run('["su", "app", "--command=" + c]')],
    ['su -c joined to the script', run('["su", "app", "-c" + c]')],
    ['bash -c -- q', run('["bash", "-c", "--", c]')],
    ['bash -c -e q', run('["bash", "-c", "-e", c]')],
    ['sh -c \'exec "$@"\' sh q', run('["sh", "-c", \'exec "$@"\', "sh", c]')],
    ['bash -c \'eval "$1"\' _ q', run('["bash", "-c", \'eval "$1"\', "_", c]')],
    ['flock LOCK sh -c', run('["flock", "/tmp/l", "sh", "-c", c]')],
    ['flock LOCK -c q', run('["flock", "/tmp/l", "-c", c]')],
    ['chroot ROOT sh -c', run('["chroot", "/j", "sh", "-c", c]')],
    ['docker exec CTR sh -c', run('["docker", "exec", "ctr", "sh", "-c", c]')],
    ['kubectl exec POD -- sh -c', run('["kubectl", "exec", "pod", "--", "sh", "-c", c]')],
    ['busybox sh -c', run('["busybox", "sh", "-c", c]')],
    ['script -q -c q', run('["script", "-q", "-c", c, "/dev/null"]')],
    ['sshpass -p pw ssh host q', run('["sshpass", "-p", "pw", "ssh", "host", c]')],
    ['ssh -At -p 22 host q', run('["ssh", "-At", "-p", "22", "host", c]')],
    ['pwsh -Command q', run('["pwsh", "-NoProfile", "-Command", c]')],
    [
      '[*BASE, q] after BASE = ["bash", "-c"]',
      route('    BASE = ["bash", "-c"]\n    return subprocess.run([*BASE, c]).stdout\n'),
    ],
    ['["bash", *F, q]', route('    F = ["-c"]\n    return subprocess.run(["bash", *F, c]).stdout\n')],
    ['[*("sh", "-c"), q]', run('[*("sh", "-c"), c]')],
    [
      'argv = []; argv.extend(shlex.split(q))',
      route('    argv = []\n    argv.extend(shlex.split(c))\n    return subprocess.run(argv).stdout\n'),
    ],
    [
      'argv = []; argv += shlex.split(q)',
      route('    argv = []\n    argv += shlex.split(c)\n    return subprocess.run(argv).stdout\n'),
    ],
    [
      'args.insert(len(args), q) after sh -c',
      route(
        '    args = ["sh", "-c"]\n    args.insert(len(args), c)\n    return subprocess.run(args).stdout\n',
      ),
    ],
    [
      'args.append(q) under an if',
      route('    a = ["sh", "-c"]\n    if c:\n        a.append(c)\n    return subprocess.run(a).stdout\n'),
    ],
  ])('%s: reported', async (_what, code) => {
    expect(await lines(code)).toHaveLength(1);
  });

  it.each([
    ['ls -- name', run('["ls", "--", c]')],
    ['sudo -iu root running a constant program', run('["sudo", "-iu", "root", "ls", c]')],
    ['xargs -0n 1 running a constant program', run('["xargs", "-0n", "1", "ls", c]')],
    ['env -S with a constant command line', run('["env", "-S", "ls -l", c]')],
    ['su --command= constant, the request as an argument', run('["su", "app", "--command=ls", c]')],
    ['bash -c -- with a constant script, the request as $0', run('["bash", "-c", "--", "ls", c]')],
    ['a constant script that only prints its $1', run('["sh", "-c", \'echo "$1"\', "sh", c]')],
    [
      "an eval of the script's own text, the request only ls's argument",
      run('["sh", "-c", \'eval "$(ssh-agent)"; ls -- "$1"\', "sh", c]'),
    ],
    ['flock LOCK running a constant program', run('["flock", "/tmp/l", "ls", c]')],
    ['flock LOCK -c with a constant script', run('["flock", "/tmp/l", "-c", "ls", c]')],
    ['docker exec CTR running a constant program', run('["docker", "exec", "ctr", "ls", c]')],
    ['docker run with the request as an argument', run('["docker", "run", "img", c]')],
    ['script -q with the request as its file', run('["script", "-q", c]')],
    ['chroot ROOT running a constant program', run('["chroot", "/j", "ls", c]')],
    ['pwsh running a script file', run('["pwsh", "-File", "tool.ps1", c]')],
    [
      '[*BASE, q] after BASE = ["ls"]',
      route('    BASE = ["ls"]\n    return subprocess.run([*BASE, c]).stdout\n'),
    ],
    [
      'args = ["ls"]; args.extend(shlex.split(q))',
      route('    args = ["ls"]\n    args.extend(shlex.split(c))\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'args = ["ls"]; args += shlex.split(q)',
      route('    args = ["ls"]\n    args += shlex.split(c)\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'args.insert(len(args), q) after ls',
      route('    args = ["ls"]\n    args.insert(len(args), c)\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'args.append(q) under an if, after ls',
      route('    a = ["ls"]\n    if c:\n        a.append(c)\n    return subprocess.run(a).stdout\n'),
    ],
  ])('%s: not reported', async (_what, code) => {
    expect(await lines(code)).toEqual([]);
  });
});
