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
    // review r36 (w160): the request as the first element after a concatenation, a shell's script appended, the
    // request given whole through an f-string, a program runner, an interpreter's script, `executable=`
    [
      "the request split, then a constant flag appended by '+'",
      route('    return subprocess.run(c.split() + ["-v"]).stdout\n'),
      [8],
    ],
    ['the request as the first of two lists', route('    return subprocess.run([c] + ["x"]).stdout\n'), [8]],
    [
      'the first of two lists through a variable, then a shell -c joined the same way',
      route(
        '    argv = [c] + ["x"]\n    subprocess.run(argv)\n    return subprocess.run(["sh", "-c"] + [c]).stdout\n',
      ),
      [9, 10],
    ],
    [
      "a shell's -c, the request's script appended",
      route('    args = ["bash", "-c"]\n    args.append(c)\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    [
      'a list filled later, the request its program',
      route('    argv = []\n    argv.append(c)\n    return subprocess.run(argv).stdout\n'),
      [10],
    ],
    ['the request whole in an f-string', route('    return subprocess.check_output(f"{c}")\n'), [8]],
    [
      'env running the program the request names',
      route('    return subprocess.run(["/usr/bin/env", c]).stdout\n'),
      [8],
    ],
    [
      'python3 -c with the request as its script',
      route('    return subprocess.run(["python3", "-c", c]).stdout\n'),
      [8],
    ],
    [
      'node -e with the request as its script',
      route('    return subprocess.run(["node", "-e", c]).stdout\n'),
      [8],
    ],
    [
      'perl -e with the request as its script',
      route('    return subprocess.run(["perl", "-e", c]).stdout\n'),
      [8],
    ],
    ['executable= from the request', route('    return subprocess.run(["ls"], executable=c).stdout\n'), [8]],
    // w168: the list changed in place before it runs
    [
      'the request inserted as the program',
      route('    args = ["-l"]\n    args.insert(0, c)\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    [
      "a shell's -c extended by the request",
      route('    args = ["bash", "-c"]\n    args.extend([c])\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    [
      'the program overwritten by the request',
      route('    args = ["ls", "-l"]\n    args[0] = c\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    [
      "a shell's -c, the request added by +=",
      route('    args = ["sh", "-c"]\n    args += [c]\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    [
      'the program put in front of the request by insert',
      route('    args = ["-c", c]\n    args.insert(0, "sh")\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    // review r44 (w178): programs that run the rest of their list as a program; tuples added in place
    [
      "the request's script under nice, inserted in front",
      route('    a = ["sh", "-c", c]\n    a.insert(0, "nice")\n    return subprocess.run(a).stdout\n'),
      [10],
    ],
    [
      'timeout 5 inserted in front of a shell running the request',
      route(
        '    a = ["sh", "-c", c]\n    a.insert(0, "5")\n    a.insert(0, "timeout")\n    return subprocess.run(a).stdout\n',
      ),
      [11],
    ],
    [
      "nice -n 5 before a shell's -c",
      route('    return subprocess.run(["nice", "-n", "5", "sh", "-c", c]).stdout\n'),
      [8],
    ],
    [
      "nice before a shell's -c, literal",
      route('    return subprocess.run(["nice", "sh", "-c", c]).stdout\n'),
      [8],
    ],
    [
      'timeout with options and a duration',
      route('    return subprocess.run(["timeout", "-k", "1", "5", "bash", "-c", c]).stdout\n'),
      [8],
    ],
    [
      'sudo -u www-data, the request as the program',
      route('    return subprocess.run(["sudo", "-u", "www-data", c]).stdout\n'),
      [8],
    ],
    ['nohup', route('    return subprocess.run(["nohup", "sh", "-c", c]).stdout\n'), [8]],
    [
      'stdbuf -oL',
      route('    return subprocess.run(["stdbuf", "-oL", "-e", "0", "sh", "-c", c]).stdout\n'),
      [8],
    ],
    ['ionice -c 3', route('    return subprocess.run(["ionice", "-c", "3", c]).stdout\n'), [8]],
    ['chrt -f 10', route('    return subprocess.run(["chrt", "-f", "10", "sh", "-c", c]).stdout\n'), [8]],
    ['taskset 0x1', route('    return subprocess.run(["taskset", "0x1", c]).stdout\n'), [8]],
    ['setsid -f', route('    return subprocess.run(["setsid", "-f", "sh", "-c", c]).stdout\n'), [8]],
    [
      'xargs -0 with the request as its program',
      route('    return subprocess.run(["xargs", "-0", "-n", "1", c]).stdout\n'),
      [8],
    ],
    [
      '/usr/bin/time -f',
      route('    return subprocess.run(["/usr/bin/time", "-f", "%e", "sh", "-c", c]).stdout\n'),
      [8],
    ],
    ['unbuffer', route('    return subprocess.run(["unbuffer", c]).stdout\n'), [8]],
    ['doas -u', route('    return subprocess.run(["doas", "-u", "app", "sh", "-c", c]).stdout\n'), [8]],
    ['runuser -u U --', route('    return subprocess.run(["runuser", "-u", "app", "--", c]).stdout\n'), [8]],
    [
      'su -c with the request as its script',
      route('    return subprocess.run(["su", "app", "-c", c]).stdout\n'),
      [8],
    ],
    [
      'ssh host with the request as the remote command',
      route('    return subprocess.run(["ssh", "-p", "22", "deploy@host", "ls", c]).stdout\n'),
      [8],
    ],
    [
      'sudo nice, nested',
      route('    return subprocess.run(["sudo", "-n", "nice", "-n", "5", "sh", "-c", c]).stdout\n'),
      [8],
    ],
    [
      "a shell's -c, the request added by += of a tuple",
      route('    args = ["sh"]\n    args += ("-c", c)\n    return subprocess.run(args).stdout\n'),
      [10],
    ],
    [
      "a shell's -c extended by a tuple",
      route('    args = ["bash", "-c"]\n    args.extend((c,))\n    return subprocess.run(args).stdout\n'),
      [10],
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
    ['the request in the second of two lists', route('    return subprocess.run(["ls"] + [c]).stdout\n')],
    [
      'env running a constant program',
      route('    return subprocess.run(["/usr/bin/env", "ls", c]).stdout\n'),
    ],
    [
      'python3 running a constant script',
      route('    return subprocess.run(["python3", "script.py", c]).stdout\n'),
    ],
    [
      "a shell's constant script, the request appended as $0",
      route('    args = ["bash", "-c", "ls"]\n    args.append(c)\n    return subprocess.run(args).stdout\n'),
    ],
    [
      "the request's text after a constant in an f-string",
      route('    return subprocess.check_output(f"ls {c}")\n'),
    ],
    [
      'python3 running a script, a -c among its own arguments',
      route('    return subprocess.run(["python3", "tool.py", "-c", c]).stdout\n'),
    ],
    ['a constant executable=', route('    return subprocess.run(["ls", c], executable="/bin/ls").stdout\n')],
    // w168: the request only among the arguments of a list changed in place
    [
      'the request inserted after the program',
      route('    args = ["ls"]\n    args.insert(1, c)\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'the request extended after the program',
      route('    args = ["ls"]\n    args.extend([c])\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'an argument overwritten by the request',
      route('    args = ["ls", "x"]\n    args[1] = c\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'the request added by += after the program',
      route('    args = ["ls"]\n    args += [c]\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'a constant program inserted in front of the request',
      route('    args = [c]\n    args.insert(0, "ls")\n    return subprocess.run(args).stdout\n'),
    ],
    [
      'the interpreter, then the request (a local program first)',
      'import subprocess, sys\nfrom flask import request\n\ndef r():\n    return subprocess.run([sys.executable, "tool.py", request.args["c"]]).returncode\n',
    ],
    // review r44 (w178): the request only as an argument of the wrapped program
    [
      'nice running a constant program, the request its argument',
      route('    return subprocess.run(["nice", "ls", c]).stdout\n'),
    ],
    [
      'nice inserted in front of a constant program',
      route('    a = ["ls", c]\n    a.insert(0, "nice")\n    return subprocess.run(a).stdout\n'),
    ],
    [
      "timeout's duration from the request",
      route('    return subprocess.run(["timeout", c, "ls"]).stdout\n'),
    ],
    [
      'sudo -u from the request, a constant program',
      route('    return subprocess.run(["sudo", "-u", c, "ls"]).stdout\n'),
    ],
    [
      'xargs running a constant program',
      route('    return subprocess.run(["xargs", "-n", "1", "ls", c]).stdout\n'),
    ],
    [
      'su -c with a constant script, the request as $0',
      route('    return subprocess.run(["su", "app", "-c", "ls", c]).stdout\n'),
    ],
    [
      'ssh running a constant command',
      route('    return subprocess.run(["ssh", "host", "uptime"]).stdout\n'),
    ],
    [
      'taskset -p changing a process',
      route('    return subprocess.run(["taskset", "-p", "0x1", c]).stdout\n'),
    ],
    [
      'stdbuf -o L before a constant program',
      route('    return subprocess.run(["stdbuf", "-o", "L", "ls", c]).stdout\n'),
    ],
    [
      'a tuple added by += after the program',
      route('    args = ["ls"]\n    args += ("-l", c)\n    return subprocess.run(args).stdout\n'),
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
