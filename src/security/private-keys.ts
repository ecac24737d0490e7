/**
 * Private keys in PEM form: from a `-----BEGIN … PRIVATE KEY-----` line to the first END line after it.
 *
 * One regular expression (`BEGIN[\s\S]*?END`) did this before, and it was quadratic: every BEGIN line
 * with no END after it scanned to the end of the text, so 36,000 BEGIN lines (under 1 MiB, sent as a
 * suggestion to the team server) froze the server for over 20 s a request. Here every character is read
 * at most once: each search starts where the last block ended (BEGIN) or where its BEGIN line ended
 * (END), and once no END is left, no later BEGIN can have one either.
 */

const BEGIN = /-----BEGIN (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END (?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----/g;

export interface PrivateKeySpan {
  start: number;
  end: number;
}

/** Characters the searches went over: what a test counts to see the work stay linear. */
export interface ScanSteps {
  characters: number;
}

/** Every BEGIN…END private key block in `text`, in order, not overlapping (as the lazy regex found them). */
export function findPrivateKeyBlocks(text: string, steps?: ScanSteps): PrivateKeySpan[] {
  const blocks: PrivateKeySpan[] = [];
  let cursor = 0;
  for (;;) {
    BEGIN.lastIndex = cursor;
    const begin = BEGIN.exec(text);
    if (steps) steps.characters += (begin ? BEGIN.lastIndex : text.length) - cursor;
    if (!begin) break;
    const body = begin.index + begin[0].length;
    END.lastIndex = body;
    const end = END.exec(text);
    if (steps) steps.characters += (end ? END.lastIndex : text.length) - body;
    if (!end) break;
    const blockEnd = end.index + end[0].length;
    blocks.push({ start: begin.index, end: blockEnd });
    cursor = blockEnd;
  }
  return blocks;
}
