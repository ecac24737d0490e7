import type { LiteNode as SyntaxNode } from './lite-tree.js';

/**
 * Where in a page a JavaScript value lands, read from the text built before it (issue 59, w102): an escaper that
 * leaves `'` or `:` (`encodeURIComponent`, `encodeURI`) clears XSS only in the places where what it leaves does
 * no harm, and only where that place is seen.
 */

/** Nodes that build one text from their parts: `a + b`, a template's `${…}`, parentheses. */
const BUILDING = new Set([
  'binary_expression',
  'template_substitution',
  'template_string',
  'parenthesized_expression',
]);

/**
 * The literal text written before `node` in the text it is built into (`"<a href='" + f(x)` gives `<a href='`),
 * from the start of what is sent: the whole body given to `res.send(…)`/`$(…).html(…)` or assigned to
 * `innerHTML`, HTML text in JSX, `name="` in a JSX attribute `name={…}`. Undefined where any of that is not
 * seen whole as constant text (review r24): a value before it (`pre + f(x)`, other than a URI encoder's own
 * text), a call it is handed to (`"…".concat(f(x))`, `util.format(…)`, `.replace(…)`, `String(…)`), a stream
 * written in parts (`res.write`, `res.end`), a variable's initialiser, a return, `+=`: the value may land anywhere.
 */
export function textBefore(node: SyntaxNode): string | undefined {
  let top = node;
  while (
    top.parent &&
    BUILDING.has(top.parent.type) &&
    (top.parent.type !== 'binary_expression' || top.parent.childForFieldName('operator')?.text === '+')
  )
    top = top.parent;
  const inside = top === node ? '' : before(top, node);
  if (inside === undefined) return undefined;
  const start = startOf(top);
  return start === undefined ? undefined : start + inside;
}

/** What is sent before text built at `top`, when `top` is seen to be the start of it (see `textBefore`). */
function startOf(top: SyntaxNode): string | undefined {
  const holder = top.parent;
  if (holder?.type === 'arguments') {
    const call = holder.parent;
    const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
    const method =
      callee?.type === 'member_expression' ? callee.childForFieldName('property')?.text : undefined;
    return holder.namedChildren[0] === top && method && WHOLE_BODY.test(method) ? '' : undefined;
  }
  if (holder?.type === 'assignment_expression' && holder.childForFieldName('right') === top) {
    const left = holder.childForFieldName('left');
    const property = left?.type === 'member_expression' ? left.childForFieldName('property')?.text : '';
    return property && /^(?:innerHTML|outerHTML)$/.test(property) ? '' : undefined;
  }
  if (holder?.type === 'jsx_expression') {
    const attribute = holder.parent;
    if (attribute?.type !== 'jsx_attribute') return '';
    return `${attribute.namedChildren[0]?.text ?? ''}="`;
  }
  return undefined;
}

/** Methods given the whole of what a page shows (`res.send(…)`, jQuery's `.html(…)`): nothing is sent before. */
const WHOLE_BODY = /^(?:send|html)$/;

/** What a URI encoder writes: no `<`, `>`, `"`, `=` or space, so it opens no tag or attribute of its own. */
const ENCODERS = /^(?:encodeURIComponent|encodeURI)$/;

/**
 * The literal text of `tree` before `target` (which it holds). A stack of its own, not recursion: a `+` chain
 * of hundreds of terms nests as deep (review r24).
 */
function before(tree: SyntaxNode, target: SyntaxNode): string | undefined {
  let text = '';
  const stack = [tree];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === target) continue;
    if (current.endIndex <= target.startIndex) {
      const part = literal(current);
      if (part === undefined) return undefined;
      text += part;
      continue;
    }
    const children = current.namedChildren.filter((child) => child.startIndex <= target.startIndex);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return text;
}

/** Parts whose text is their parts' text. */
const JOINED = new Set([
  'string',
  'template_string',
  'template_substitution',
  'binary_expression',
  'parenthesized_expression',
]);

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  v: '\v',
  b: '\b',
  '0': '\0',
};

/** A JavaScript string's escape as its character, or undefined for one not decoded here. */
function decodedEscape(sequence: string): string | undefined {
  if (/^\\['"`\\]$/.test(sequence)) return sequence.slice(1);
  const hex = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\})$/.exec(sequence);
  if (hex) {
    const point = Number.parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16);
    return point <= 0x10ffff ? String.fromCodePoint(point) : undefined;
  }
  return sequence.length === 2 ? SIMPLE_ESCAPES[sequence[1]!] : undefined;
}

/**
 * The text a part written wholly before the value stands for: a string's characters, a number's digits, `x`
 * for a URI encoder's text; undefined for any other value (not seen).
 */
function literal(node: SyntaxNode): string | undefined {
  let text = '';
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'string_fragment' || current.type === 'string_content') text += current.text;
    else if (current.type === 'escape_sequence') {
      // as the language reads it: `\x22` is the `"` that opens an attribute (review r25); an escape not
      // decoded here leaves the text unseen, never read as a space
      const decoded = decodedEscape(current.text);
      if (decoded === undefined) return undefined;
      text += decoded;
    } else if (current.type === 'number') text += current.text;
    else if (
      current.type === 'call_expression' &&
      ENCODERS.test(current.childForFieldName('function')?.text ?? '')
    )
      text += 'x';
    else if (
      JOINED.has(current.type) &&
      (current.type !== 'binary_expression' || current.childForFieldName('operator')?.text === '+')
    ) {
      const children = current.namedChildren;
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
    } else return undefined;
  }
  return text;
}
