import { Command, Help } from 'commander';
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
