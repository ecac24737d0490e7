/**
 * Disguises a copy of real code the way a model's reproduction (or a careful copier) would: consistent
 * renaming of identifiers, reformatting, reordering top-level functions, and a few inserted lines. Used by
 * the detection benchmark; deterministic for a given seed.
 */
export type Random = () => number;

export function seeded(seed: number): Random {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

import { keywordsFor } from '../../src/licence/index.js';

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield self cls'.split(
    ' ',
  ),
);
const TS_KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends finally for function if import in instanceof let new return super switch this throw try typeof var void while with yield async await of static get set null undefined true false enum interface type implements private protected public readonly abstract declare namespace keyof as from'.split(
    ' ',
  ),
);

export type DisguiseLanguage = 'python' | 'typescript';

/**
 * Renames every identifier consistently (in strings and comments too: it is a regex pass), leaving keywords
 * and Python string prefixes (`f"…"`, `rb'…'`) alone, as a rename in an editor would.
 */
export function renameIdentifiers(source: string, language: DisguiseLanguage, random: Random): string {
  const keywords = new Set([
    ...(language === 'python' ? PY_KEYWORDS : TS_KEYWORDS),
    ...keywordsFor(language),
  ]);
  const names = new Map<string, string>();
  return source.replace(
    /\b[A-Za-z_][A-Za-z0-9_]*\b(?!['"])|\b[A-Za-z_][A-Za-z0-9_]*\b(?=['"])/g,
    (word, offset: number) => {
      if (keywords.has(word)) return word;
      const next = source[offset + word.length];
      if (language === 'python' && (next === '"' || next === "'") && /^(r|u|b|f|br|rb|fr|rf)$/i.test(word))
        return word;
      let renamed = names.get(word);
      if (!renamed) {
        renamed = `${word[0] === word[0]!.toUpperCase() ? 'R' : 'r'}${Math.floor(random() * 1e6).toString(36)}${names.size}`;
        names.set(word, renamed);
      }
      return renamed;
    },
  );
}

/** Reformats without changing meaning: spacing around operators and commas, blank lines, comments, quotes. */
export function reformat(source: string, language: DisguiseLanguage, random: Random): string {
  const lines = source.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') {
      if (random() < 0.5) continue; // drop blank lines
      out.push('');
      continue;
    }
    const indent = /^\s*/.exec(line)![0];
    let body = line.slice(indent.length);
    body = body.replace(/,(?=\S)/g, ', ').replace(/\s*=\s*(?!=)/g, () => (random() < 0.5 ? '=' : ' = '));
    if (language === 'typescript') {
      body = body.replace(/;\s*$/, random() < 0.5 ? '' : ';');
      if (random() < 0.15 && /\)\s*\{$/.test(body)) {
        out.push(`${indent}${body.replace(/\{$/, '')}`);
        out.push(`${indent}{`);
        continue;
      }
      if (random() < 0.1) out.push(`${indent}// ${Math.floor(random() * 1e9).toString(36)}`);
    } else if (random() < 0.1) out.push(`${indent}# ${Math.floor(random() * 1e9).toString(36)}`);
    out.push(`${indent}${body}${random() < 0.05 ? '   ' : ''}`);
  }
  return out.join('\n');
}

/** Splits into top-level blocks (a block starts at a non-indented def/class/function line) and shuffles them. */
export function reorderFunctions(source: string, language: DisguiseLanguage, random: Random): string {
  const starts =
    language === 'python'
      ? /^(def |class |async def |@)/
      : /^(export |function |async function |class |const [A-Za-z_$]+ = (async )?\()/;
  const lines = source.split('\n');
  const blocks: string[][] = [[]];
  for (const line of lines) {
    const previous = blocks[blocks.length - 1]!;
    const previousIsDecorator = previous.length > 0 && /^@/.test(previous[previous.length - 1]!);
    if (starts.test(line) && !previousIsDecorator && previous.length > 0) blocks.push([line]);
    else previous.push(line);
  }
  const head = blocks.shift()!;
  for (let i = blocks.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [blocks[i], blocks[j]] = [blocks[j]!, blocks[i]!];
  }
  return [...head, ...blocks.flat()].join('\n');
}

/** Inserts `count` new statement lines at random places, indented like the line they precede. */
export function insertLines(source: string, language: DisguiseLanguage, random: Random, count = 3): string {
  const lines = source.split('\n');
  for (let n = 0; n < count; n++) {
    const at = 1 + Math.floor(random() * Math.max(1, lines.length - 1));
    const following = lines.slice(at).find((line) => line.trim() !== '') ?? '';
    const indent = /^\s*/.exec(following)![0];
    const name = `inserted_${Math.floor(random() * 1e6)}`;
    lines.splice(
      at,
      0,
      language === 'python'
        ? `${indent}${name} = len(str(${n})) + ${n}`
        : `${indent}const ${name} = String(${n}).length + ${n};`,
    );
  }
  return lines.join('\n');
}

export function disguise(source: string, language: DisguiseLanguage, seed: number): string {
  const random = seeded(seed);
  let code = reorderFunctions(source, language, random);
  code = renameIdentifiers(code, language, random);
  code = insertLines(code, language, random, 3);
  return reformat(code, language, random);
}
