import { paint } from './colour.js';

/** A unified diff's lines for the terminal: added lines green, removed lines red (headers too). */
export function renderDiff(diff: string, colour: boolean): string[] {
  return diff
    .trimEnd()
    .split('\n')
    .map((line) =>
      line.startsWith('+')
        ? paint(colour, 'green', line)
        : line.startsWith('-')
          ? paint(colour, 'red', line)
          : line,
    );
}
