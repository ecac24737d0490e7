import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/**
 * A usage error with --json, as a script sees it: one JSON object on stdout and exit 2, from a process of
 * `bin/vouch.js`. That every command's usage error is one `main` turns into this (and that every command
 * takes --json) is src/cli/main.test.ts, in-process; here the process's end of it, for a command, a
 * subcommand and an unknown command.
 */
describe('--json on usage errors', () => {
  it('a usage error comes as one JSON object on stdout, exit 2', async () => {
    const commands = [['generate'], ['token', 'create'], ['no-such-command']];
    const results = await Promise.all(
      commands.map(async (words) => {
        const run = await runCli([...words, '--no-such-option', '--json']);
        return { words, code: run.code, stdout: run.stdout };
      }),
    );
    for (const { words, code, stdout } of results) {
      const label = `vouch ${words.join(' ')}`;
      expect(code, label).toBe(2);
      const parsed = JSON.parse(stdout) as { error: { name: string; message: string; exitCode: number } };
      expect(parsed.error.exitCode, label).toBe(2);
      expect(parsed.error.message, label).toMatch(
        /unknown (?:option|command)|required option|missing required argument/,
      );
    }
    // the case the issue names: an argument a command does not take
    const chat = await runCli(['chat', 'hello', '--json']);
    expect(chat.code).toBe(2);
    expect(JSON.parse(chat.stdout).error.message).toContain('too many arguments');
  });
});

describe('a usage error of vouch debug', () => {
  it("says the failing command goes after `--` when its flags were taken for vouch's (w221)", async () => {
    const plain = await runCli(['debug', 'python3', '-m', 'pytest']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain("unknown option '-m'");
    expect(plain.stderr).toContain('goes after `--`');
    const json = await runCli(['debug', 'pytest', '-q', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.hint).toContain('vouch debug -- pytest -q');
  });
});
