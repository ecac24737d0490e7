import { Command, CommanderError, Help } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_SUMMARIES, COMMANDS } from './main.js';

describe('vouch --help', () => {
  it('lists every command with the summary and usage the command gives itself', async () => {
    const overview = await buildProgram(['node', 'vouch', '--help']);
    // every command that can be loaded is listed
    expect(Object.keys(COMMAND_SUMMARIES).sort()).toEqual(Object.keys(COMMANDS).sort());
    expect(overview.commands.map((command) => command.name())).toEqual(Object.keys(COMMAND_SUMMARIES));
    // Each command, loaded for real, says the same about itself as the overview does.
    const help = new Help();
    for (const name of Object.keys(COMMAND_SUMMARIES)) {
      const program = await buildProgram(['node', 'vouch', name, '--help']);
      const command = program.commands.find((candidate) => candidate.name() === name);
      expect(command, name).toBeInstanceOf(Command);
      expect(COMMAND_SUMMARIES[name]).toEqual({
        term: help.subcommandTerm(command!),
        summary: command!.description(),
      });
    }
  });
});

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

/**
 * Parses `argv` as `main` does, in-process, with what commander would print kept instead. An action that
 * would run (the option taken) is refused before it starts.
 */
async function parseError(argv: string[]): Promise<{ error: unknown; printed: string }> {
  const program = await buildProgram(argv);
  let printed = '';
  const quiet = (command: Command) => {
    command.configureOutput({
      writeErr: (text) => {
        printed += text;
      },
      writeOut: (text) => {
        printed += text;
      },
    });
    for (const sub of command.commands) quiet(sub);
  };
  quiet(program);
  program.hook('preAction', () => {
    throw new Error(`the action of ${argv.slice(2).join(' ')} ran`);
  });
  try {
    await program.parseAsync(argv);
    return { error: undefined, printed };
  } catch (error) {
    return { error, printed };
  }
}

/**
 * `main` turns every CommanderError of a usage error into exit 2 and, with --json, one JSON object on
 * stdout (what test/cli/json-errors.test.ts sees of a few commands run as processes); here, every
 * command's usage error is one.
 */
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

  it('a usage error of every command is a usage error to main: not a help or version exit, not exit 0', async () => {
    const commands = [...(await everyCommand()), ['no-such-command']];
    for (const words of commands) {
      const label = `vouch ${words.join(' ')}`;
      const { error, printed } = await parseError(['node', 'vouch', ...words, '--no-such-option', '--json']);
      expect(error, label).toBeInstanceOf(CommanderError);
      const { code, exitCode, message } = error as CommanderError;
      expect(['commander.helpDisplayed', 'commander.version', 'commander.help'], label).not.toContain(code);
      expect(exitCode, label).not.toBe(0);
      expect(message, label).toMatch(/unknown (?:option|command)|required option|missing required argument/);
      expect(printed, label).toContain(message);
    }
    // the case the issue names: an argument a command does not take
    const { error } = await parseError(['node', 'vouch', 'chat', 'hello', '--json']);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).message).toContain('too many arguments');
  });
});
