import { findCodeBlocks } from '../extract.js';
import type { Alternative } from '../task.js';

/** One option the model weighed against its proposal. */
export interface DesignAlternative {
  title: string;
  /** what the option is */
  description: string;
  /** what it gains and costs against the proposal, as the model wrote it (empty when it wrote none) */
  tradeOffs: string;
}

export interface DesignAnswer {
  proposal: string;
  alternatives: DesignAlternative[];
}

const ALTERNATIVES_HEADING =
  /^\s*(?:#{1,4}\s*|\*\*)\s*(?:alternatives?|other options|options considered)\b[^\n]*$/im;
const ITEM_START = /^(?:#{2,5}\s+|\s*(?:\d+[.)]|[-*])\s+\*\*|\s*\d+[.)]\s+)/;
const TRADE_OFFS = /(?:\*\*)?\s*(?:trade[- ]?offs?|pros and cons|pros\/cons)\s*(?:\*\*)?\s*:?\s*(?:\*\*)?/i;

function clean(text: string): string {
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * The model's answer split into the proposal and its alternatives: everything before an `Alternatives`
 * heading is the proposal (without its own `Proposal` heading); after it, each `### name` heading,
 * numbered item or bold bullet starts an option, whose text after `Trade-offs:` is its trade-offs.
 */
export function splitDesignAnswer(text: string): DesignAnswer {
  const heading = ALTERNATIVES_HEADING.exec(text);
  const before = heading ? text.slice(0, heading.index) : text;
  const proposal = clean(
    before.replace(/^\s*(?:#{1,4}\s*|\*\*)\s*(?:proposal|recommendation)\b[^\n]*\n/i, ''),
  );
  if (!heading) return { proposal, alternatives: [] };
  const rest = text.slice(heading.index + heading[0].length);
  const items: string[][] = [];
  let inFence = false;
  // a heading of the alternatives' own level or higher (a `## Summary` after them) ends them
  const level = /^\s*(#+)/.exec(heading[0])?.[1]?.length ?? 2;
  const ends = new RegExp(`^#{1,${level}}\\s`);
  for (const line of rest.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (!inFence && ends.test(line)) break;
    if (!inFence && ITEM_START.test(line)) items.push([line]);
    else if (items.length) items.at(-1)?.push(line);
  }
  const alternatives: DesignAlternative[] = [];
  for (const item of items) {
    const first = item[0] ?? '';
    const titleLine = first.replace(ITEM_START, '').replace(/\*\*/g, '');
    // `**Name** — description` on one line: the name is the bold part
    const boldName = /^\s*(?:\d+[.)]|[-*])?\s*\*\*([^*]+)\*\*\s*[:—–-]?\s*(.*)$/.exec(first);
    const title = clean(boldName ? (boldName[1] ?? '') : titleLine).replace(/[:.]$/, '');
    const body = clean([boldName ? (boldName[2] ?? '') : '', ...item.slice(1)].join('\n'));
    const split = TRADE_OFFS.exec(body);
    const description = clean(split ? body.slice(0, split.index) : body);
    const tradeOffs = clean(split ? body.slice(split.index + split[0].length) : '');
    if (title || description) alternatives.push({ title, description, tradeOffs });
  }
  return { proposal, alternatives };
}

/** The alternatives in the shared result shape: the option's text, and its code sketch when it has one. */
export function asAlternatives(alternatives: DesignAlternative[]): Alternative[] {
  return alternatives.map((alternative) => ({
    code: findCodeBlocks(alternative.description)[0]?.body.trimEnd() ?? '',
    explanation: `${alternative.title}: ${alternative.description.replace(/```[\s\S]*?```/g, '').trim()}${
      alternative.tradeOffs ? `\nTrade-offs: ${alternative.tradeOffs}` : ''
    }`.trim(),
  }));
}
