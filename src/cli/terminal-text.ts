import { randomInt } from 'node:crypto';

/**
 * What reaches a terminal from vouch is vouch's own control sequences and nothing else's. Model output,
 * code, file names and messages can carry escapes a terminal obeys: OSC 52 writes the clipboard, OSC 0/2
 * set the title, SGR 8 conceals text, `\r` and cursor moves overwrite what was shown (a finding, say),
 * bidi controls reorder it. On a terminal every control character is shown as a visible stand-in; vouch's
 * own sequences (colours, the spinner, progress lines) are marked with `own()` and pass.
 *
 * The mark is a run of private-use characters drawn at random per process: text from outside cannot hold it
 * by chance, and the model never sees it. A pipe or a file gets bytes as they are (`vouch generate > f.py`).
 */
const MARK = Array.from({ length: 4 }, () => String.fromCharCode(0xe000 + randomInt(0x1900))).join('');

/** Marks one of vouch's own control sequences (an SGR colour, `\x1b[K`, `\r`) to pass the terminal filter. */
export function own(sequence: string): string {
  return `${MARK}${sequence}`;
}

// C0 controls but tab and newline, DEL, C1 controls, and the bidi embedding/override/isolate controls
const CONTROL =
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c]';
const OWN_SEQUENCE = '\\u001b\\[[0-9;?]*[A-Za-z]|\\u001b[78]|\\r';
const FILTER = new RegExp(`${MARK}(${OWN_SEQUENCE})|${MARK}|${CONTROL}`, 'g');
const UNMARKED = new RegExp(CONTROL, 'g');

function visible(character: string): string {
  const code = character.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␛ for ESC, ␍ for CR, ␇ for BEL…
  if (code === 0x7f) return '\u2421'; // ␡
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** `text` as a terminal may show it: vouch's marked sequences kept, every other control made visible. */
export function terminalText(text: string): string {
  return text.replace(FILTER, (match, sequence: string | undefined) =>
    sequence !== undefined ? sequence : match === MARK ? '' : visible(match),
  );
}

/** Every control character of `text` made visible, marks or not (for text to be highlighted, then marked). */
export function neutralizeControls(text: string): string {
  return text.replaceAll(MARK, '').replace(UNMARKED, visible);
}

/** Every ESC of `text` (a highlighter's colours around neutralized code) marked as vouch's own. */
export function ownEscapes(text: string): string {
  return text.replaceAll('\u001b', `${MARK}\u001b`);
}

const filtered = new WeakSet<NodeJS.WriteStream>();

/**
 * Filters what is written to `stream`: on a terminal, terminalText; to a pipe or a file, the bytes as they
 * are but for the marks (colours forced with FORCE_COLOR stay plain escapes). Installed once for stdout and
 * stderr when the CLI starts, so no write site can forget it.
 */
export function filterTerminalWrites(stream: NodeJS.WriteStream): void {
  if (filtered.has(stream)) return;
  filtered.add(stream);
  const terminal = stream.isTTY === true;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!terminal)
      return write(
        typeof chunk === 'string' && chunk.includes(MARK) ? chunk.replaceAll(MARK, '') : chunk,
        ...rest,
      );
    const text =
      typeof chunk === 'string'
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk).toString('utf8')
          : chunk;
    return write(typeof text === 'string' ? terminalText(text) : text, ...rest);
  }) as typeof stream.write;
}
