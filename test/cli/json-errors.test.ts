import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from '../../src/cli/main.js';
import { runCli } from '../support/run-cli.js';

/** Every command as a user types it: `vouch X`, `vouch token create`, … (the leaves of the command tree). */
async function everyCommand(): Promise<string[][]> {
  const found: string[][] = [];
  for (const name of Object.keys(COMMANDS)) {
    const program = await buildProgram(['node', 'vouch', name]);
    const walk = (command: Command, words: string[]) => {
      if (command.commands.length === 0) found.push(words);
      for (const sub of command.commands) walk(sub, [...words, sub.name()]);
    };
    walk(program.commands.find((command) => command.name() === name) as Command, [name]);
  }
  return found;
}

describe('--json on usage errors', () => {
  it('every command takes --json', async () => {
    for (const words of await everyCommand()) {
      const program = await buildProgram(['node', 'vouch', ...words]);
      let command = program as Command;
      for (const word of words) command = command.commands.find((sub) => sub.name() === word) as Command;
      expect(
        command.options.some((option) => option.long === '--json'),
        words.join(' '),
      ).toBe(true);
    }
  });

  it('a usage error of every command comes as one JSON object on stdout, exit 2', async () => {
    const commands = [...(await everyCommand()), ['no-such-command']];
    const results: { words: string[]; code: number | null; stdout: string }[] = [];
    // a few at a time: each is a whole Node process
    for (let start = 0; start < commands.length; start += 4) {
      results.push(
        ...(await Promise.all(
          commands.slice(start, start + 4).map(async (words) => {
            const run = await runCli([...words, '--no-such-option', '--json']);
            return { words, code: run.code, stdout: run.stdout };
          }),
        )),
      );
    }
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
