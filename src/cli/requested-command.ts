/** The command the user asked for (`vouch X …` or `vouch help X`), if any. */
export function requestedCommand(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((argument) => !argument.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}
