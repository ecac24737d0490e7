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
 * The literal text written before `node` in the text it is built into (`"<a href='" + f(x)` gives `<a href='`,
 * other values read as `x`); `""` where `node` starts text given whole to a call or an assignment, or HTML
 * text in JSX; `name="` in a JSX attribute `name={…}`. Undefined where what comes before is not seen (a
 * variable's initialiser, a return, a property, `+=`): the value may land anywhere.
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
  if (inside !== '') return inside;
  const holder = top.parent;
  if (holder?.type === 'arguments') return '';
  if (holder?.type === 'assignment_expression' && holder.childForFieldName('right') === top) return '';
  if (holder?.type === 'jsx_expression') {
    const attribute = holder.parent;
    if (attribute?.type !== 'jsx_attribute') return '';
    return `${attribute.namedChildren[0]?.text ?? ''}="`;
  }
  return undefined;
}

/**
 * The literal text of `tree` before `target` (which it holds). A stack of its own, not recursion: a `+` chain
 * of hundreds of terms nests as deep (review r24).
 */
function before(tree: SyntaxNode, target: SyntaxNode): string {
  let text = '';
  const stack = [tree];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === target) continue;
    if (current.endIndex <= target.startIndex) {
      text += literal(current);
      continue;
    }
    const children = current.namedChildren.filter((child) => child.startIndex <= target.startIndex);
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return text;
}

/** Parts whose text is their parts' text. */
const JOINED = new Set(['string', 'template_string', 'binary_expression', 'parenthesized_expression']);

/** The text a part written wholly before the value stands for: a string's characters, `x` for a value. */
function literal(node: SyntaxNode): string {
  let text = '';
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'string_fragment' || current.type === 'string_content') text += current.text;
    else if (current.type === 'escape_sequence')
      text += /^\\['"`\\]$/.test(current.text) ? current.text.slice(1) : ' ';
    else if (JOINED.has(current.type)) {
      const children = current.namedChildren;
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
    } else text += 'x';
  }
  return text;
}
