/**
 * Whether a regular expression can backtrack catastrophically: a quantified group whose body is itself
 * quantified (`(a+)+`, `(\w*\s?)*`, `(.*,){10,}`) or an alternation of overlapping branches under a
 * quantifier (`(a|a)*`, `(\w|\d)+`). A heuristic in the spirit of safe-regex's star height, which is
 * what catches the shapes that occur in practice.
 */
export function isCatastrophicRegex(pattern: string): boolean {
  interface Group {
    quantified: boolean;
    branches: string[];
    current: string;
  }
  const stack: Group[] = [];
  let i = 0;
  let inClass = false;
  let lastGroup: Group | undefined;
  let lastAtomQuantifiable = false;
  const isQuantifier = (at: number) => {
    const char = pattern[at];
    if (char === '+' || char === '*') return true;
    if (char === '{') return /^\{\d+,\d*\}/.test(pattern.slice(at)) && !/^\{\d+,\d\}/.test(pattern.slice(at));
    return false;
  };
  const append = (text: string) => {
    const top = stack[stack.length - 1];
    if (top) top.current += text;
  };
  while (i < pattern.length) {
    const char = pattern[i]!;
    if (char === '\\') {
      append(pattern.slice(i, i + 2));
      i += 2;
      lastGroup = undefined;
      lastAtomQuantifiable = true;
      continue;
    }
    if (inClass) {
      append(char);
      if (char === ']') inClass = false;
      i++;
      continue;
    }
    if (char === '[') {
      inClass = true;
      append(char);
      i++;
      lastGroup = undefined;
      lastAtomQuantifiable = true;
      continue;
    }
    if (char === '(') {
      stack.push({ quantified: false, branches: [], current: '' });
      i++;
      if (pattern[i] === '?') {
        // (?:  (?=  (?!  (?<name>  — skip the group flag
        const close = pattern.slice(i).match(/^\?(?:<[^>]*>|[:=!]|<[=!])/);
        i += close ? close[0].length : 1;
      }
      continue;
    }
    if (char === '|') {
      const top = stack[stack.length - 1];
      if (top) {
        top.branches.push(top.current);
        top.current = '';
      }
      i++;
      continue;
    }
    if (char === ')') {
      const group = stack.pop();
      i++;
      if (!group) continue;
      group.branches.push(group.current);
      lastGroup = group;
      lastAtomQuantifiable = true;
      // The group's text travels up so an enclosing group sees the inner quantifiers.
      const inner = group.branches.join('|');
      append(`(${inner})${group.quantified ? '+' : ''}`);
      if (isQuantifier(i)) {
        const body = inner;
        if (/(?:^|[^\\])[+*]|\{\d+,\}/.test(body.replace(/\\./g, 'x')) && !separated(body)) return true;
        if (group.branches.length > 1 && overlapping(group.branches)) return true;
      }
      continue;
    }
    if (isQuantifier(i) && lastAtomQuantifiable) {
      if (lastGroup) lastGroup.quantified = true;
      append(char);
      i++;
      continue;
    }
    append(char);
    lastGroup = undefined;
    lastAtomQuantifiable = char !== '^' && char !== '$';
    i++;
  }
  return false;
}

const CLASSES: Record<string, RegExp> = {
  '\\w': /[A-Za-z0-9_]/,
  '\\d': /[0-9]/,
  '\\s': /\s/,
  '.': /[^\n]/,
};

/** Two alternatives that can match the same first character make an ambiguous loop. */
function overlapping(branches: string[]): boolean {
  const firsts = branches.map((branch) =>
    branch.startsWith('\\') ? branch.slice(0, 2) : branch.slice(0, 1),
  );
  for (let a = 0; a < firsts.length; a++) {
    for (let b = a + 1; b < firsts.length; b++) {
      const x = firsts[a]!;
      const y = firsts[b]!;
      if (!x || !y) continue;
      if (x === y) return true;
      const classX = CLASSES[x];
      const classY = CLASSES[y];
      if (classX && !classY && y.length === 1 && classX.test(y)) return true;
      if (classY && !classX && x.length === 1 && classY.test(x)) return true;
      if (
        classX &&
        classY &&
        (x === '.' || y === '.' || (x === '\\w' && y === '\\d') || (x === '\\d' && y === '\\w'))
      )
        return true;
    }
  }
  return false;
}

/** Splits a group body into atoms with their quantifiers; undefined when it holds nested groups. */
function atoms(body: string): { atom: string; quantified: boolean; optional: boolean }[] | undefined {
  const found: { atom: string; quantified: boolean; optional: boolean }[] = [];
  let i = 0;
  while (i < body.length) {
    let atom: string;
    const char = body[i]!;
    if (char === '(' || char === '|') return undefined;
    if (char === '\\') atom = body.slice(i, i + 2);
    else if (char === '[') {
      const close = body.indexOf(']', i + 2);
      if (close < 0) return undefined;
      atom = body.slice(i, close + 1);
    } else atom = char;
    i += atom.length;
    let quantified = false;
    let optional = false;
    if (body[i] === '*') {
      quantified = true;
      optional = true;
      i++;
    } else if (body[i] === '+') {
      quantified = true;
      i++;
    } else if (body[i] === '{') {
      const close = body.indexOf('}', i);
      if (close < 0) return undefined;
      quantified = /,\s*\d*\}$/.test(body.slice(i, close + 1));
      optional = /^\{0/.test(body.slice(i, close + 1));
      i = close + 1;
    } else if (body[i] === '?') {
      optional = true;
      i++;
    }
    if (body[i] === '?' || body[i] === '+') i++; // lazy or possessive marker
    found.push({ atom, quantified, optional });
  }
  return found;
}

const PRINTABLE = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).concat([
  '\t',
  '\n',
  '\r',
]);

/** The single characters an atom can match (ASCII is enough to tell delimiters from loop bodies). */
function charset(atom: string): Set<string> | undefined {
  try {
    const regex = new RegExp(`^(?:${atom})$`);
    return new Set(PRINTABLE.filter((char) => regex.test(char)));
  } catch {
    return undefined;
  }
}

/**
 * `(-[a-z0-9]+)*` and `(?:[ \t]+[^\n]*\n)*` are safe: every repetition holds a mandatory character that
 * no quantified atom of the body can consume, so the input splits into repetitions one way only.
 */
function separated(body: string): boolean {
  const parts = atoms(body);
  if (!parts) return false;
  const loops = parts.filter((part) => part.quantified).map((part) => charset(part.atom));
  if (loops.some((set) => set === undefined)) return false;
  return parts
    .filter((part) => !part.quantified && !part.optional)
    .some((part) => {
      const delimiter = charset(part.atom);
      return (
        !!delimiter &&
        delimiter.size > 0 &&
        loops.every((set) => [...delimiter].every((char) => !set!.has(char)))
      );
    });
}
