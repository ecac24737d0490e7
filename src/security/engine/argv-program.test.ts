import { describe, expect, it } from 'vitest';
import { ruleLines } from '../../../test/support/rule-findings.js';

/**
 * Issue 59, w157: an argument list whose program, or whose shell's `-c` script, comes from the request. SALLM's
 * `SO_cwe078_0` and `A_cwe078_1` hold programs labelled vulnerable that run `subprocess.Popen(cmd.split())`,
 * `subprocess.run(["bash", "-c", cmd])` or `subprocess.Popen([request.args.get("command")])`: no shell=True, so
 * command-injection's shell sink never saw them. Data only in the arguments (`["ls", path]`) stays unreported.
 */
const lines = (code: string) => ruleLines(code, 'command-injection-argv');
const route = (body: string) =>
  `import subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    c = request.args.get("command")\n${body}`;

describe('the program an argument list runs, chosen by the request', () => {
  it.each([
    [
      'the request split into argv (SO_cwe078_0)',
      route('    return subprocess.Popen(c.split(), stdout=subprocess.PIPE).communicate()[0]\n'),
      [8],
    ],
    [
      'bash -c with the request as its script',
      route('    return subprocess.check_output(["bash", "-c", c])\n'),
      [8],
    ],
    [
      '/bin/sh -lc through a variable',
      route('    argv = ["/bin/sh", "-lc", c]\n    return subprocess.run(argv).stdout\n'),
      [9],
    ],
    [
      "the request as the list's program",
      route('    return subprocess.Popen([c], stdout=subprocess.PIPE).communicate()[0]\n'),
      [8],
    ],
    ['the request string given whole, no shell', route('    return subprocess.check_output(c)\n'), [8]],
    ['args= keyword', route('    return subprocess.run(args=c.split()).stdout\n'), [8]],
    [
      "a list of the request's values",
      'import subprocess\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    return subprocess.run(request.args.getlist("c")).stdout\n',
      [7],
    ],
  ])('%s: reported', async (_what, code, expected) => {
    expect(await lines(code)).toEqual(expected);
  });

  it.each([
    ['the request only as an argument', route('    return subprocess.check_output(["ls", c])\n')],
    [
      'a shell running a constant script with the request as $1',
      route('    return subprocess.check_output(["sh", "-c", "ls -- \\"$1\\"", "sh", c])\n'),
    ],
    ['a constant command', route('    return subprocess.check_output(["bash", "-c", "date -u"])\n')],
    [
      "a constant program before the request's arguments, concatenated",
      route('    return subprocess.run(["exiftool", "--"] + c.split()).returncode\n'),
    ],
    [
      "the request's text after a program name, no shell",
      route('    return subprocess.check_output("ls " + c)\n'),
    ],
    ["the operator's own argv (a local source)", 'import subprocess, sys\nsubprocess.run(sys.argv[1:])\n'],
    [
      "Django's autoreloader: the interpreter, then its own argv",
      'import subprocess, sys\n\ndef restart():\n    args = [sys.executable] + ["-W%s" % o for o in sys.warnoptions]\n    args += sys.argv[1:]\n    return subprocess.run(args).returncode\n',
    ],
    [
      'a list filled later',
      route('    argv = []\n    argv.append("ls")\n    return subprocess.run(argv).stdout\n'),
    ],
    [
      'shlex.quote into a constant program',
      route('    import shlex\n    return subprocess.check_output(["echo", shlex.quote(c)])\n'),
    ],
  ])('%s: not reported', async (_what, code) => {
    expect(await lines(code)).toEqual([]);
  });
});

describe('command-injection keeps its own findings beside this rule', () => {
  it('shell=True is reported by command-injection, once, and not by this rule', async () => {
    const code = route('    return subprocess.check_output(c, shell=True)\n');
    expect(await ruleLines(code, 'command-injection')).toEqual([8]);
    expect(await lines(code)).toEqual([]);
  });
});
