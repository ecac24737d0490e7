import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/**
 * Where a line sits: the chain of functions and classes that hold it, outermost first (`Shop/checkout`),
 * '' at module level. A finding's identity holds it, so one old `os.system(cmd)` in `a` does not make a
 * new one in `b` old; lines added above a flaw in the same function leave its chain as it was (review r42).
 */

/** Node types that open a scope, across the grammars vouch parses. */
const SCOPES = new Set([
  // Python
  'function_definition',
  'class_definition',
  'lambda',
  // JavaScript, TypeScript
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
  'class_declaration',
  'abstract_class_declaration',
  'class',
  // Go, Java, C#, Rust, Ruby
  'method_declaration',
  'func_literal',
  'constructor_declaration',
  'lambda_expression',
  'interface_declaration',
  'enum_declaration',
  'function_item',
  'impl_item',
  'closure_expression',
  'method',
]);

/** A scope node's name: its own, or for an anonymous function what it is assigned to or passed to. */
function scopeName(node: SyntaxNode): string {
  const own = node.childForFieldName('name') ?? node.childForFieldName('type');
  if (own) return own.text;
  // C and C++: the name sits in the declarator (`int main(void)`)
  const declarator = node.childForFieldName('declarator');
  if (declarator) return declarator.text.split('(')[0]!.trim();
  const parent = node.parent;
  const target =
    parent?.childForFieldName('name') ??
    parent?.childForFieldName('left') ??
    parent?.childForFieldName('key');
  if (target && target.id !== node.id) return target.text.slice(0, 60);
  if (parent?.type === 'arguments' || parent?.type === 'argument_list') {
    const callee = parent.parent?.childForFieldName('function');
    if (callee) return `λ(${callee.text.slice(0, 60)})`;
  }
  return 'λ';
}

/**
 * The scope chain of each of `lines` (1-based) in `text`, or undefined when the language cannot be parsed
 * here (no grammar): the caller then cannot tell one function's flaw from another's.
 */
export async function scopesAt(
  language: LanguageId,
  text: string,
  lines: Iterable<number>,
): Promise<Map<number, string> | undefined> {
  let tree: Awaited<ReturnType<typeof parse>>;
  try {
    tree = await parse(language, text);
  } catch {
    return undefined;
  }
  try {
    const rows = text.split('\n');
    const out = new Map<number, string>();
    for (const line of lines) {
      if (out.has(line)) continue;
      const row = rows[line - 1] ?? '';
      const column = Math.max(0, row.search(/\S/));
      const chain: string[] = [];
      for (
        let node: SyntaxNode | null = tree.rootNode.descendantForPosition({ row: line - 1, column });
        node;
        node = node.parent
      )
        if (SCOPES.has(node.type)) chain.unshift(scopeName(node));
      out.set(line, chain.join('/'));
    }
    return out;
  } finally {
    tree.delete();
  }
}
