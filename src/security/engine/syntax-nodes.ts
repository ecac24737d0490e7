import type { LiteNode as SyntaxNode } from './lite-tree.js';

/** Questions the engine asks of tree-sitter nodes, the same for Python and JavaScript/TypeScript trees. */

export function isFunctionNode(node: SyntaxNode): boolean {
  return (
    node.type === 'arrow_function' ||
    node.type === 'function_expression' ||
    node.type === 'function' ||
    node.type === 'lambda'
  );
}

/** Node kinds that open a function of their own, in both languages' trees. */
const FUNCTION_TYPES = new Set([
  'function_definition',
  'lambda',
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'method_definition',
]);

/**
 * Whether an ancestor of `node` opens a function, or is of a kind `alsoInside` names (a class body, an
 * object literal's entry): a definition there is not one of the module's own.
 */
export function isNested(node: SyntaxNode, alsoInside: ReadonlySet<string> = NOTHING): boolean {
  for (let parent = node.parent; parent; parent = parent.parent)
    if (FUNCTION_TYPES.has(parent.type) || alsoInside.has(parent.type)) return true;
  return false;
}

const NOTHING: ReadonlySet<string> = new Set();

export function isStatementContainer(node: SyntaxNode): boolean {
  return node.type === 'block' || node.type === 'statement_block';
}

export function isCompound(type: string): boolean {
  return (
    /^(?:block|statement_block|try_statement|with_statement|labeled_statement|with_clause)$/.test(type) ||
    isClause(type)
  );
}

export function isClause(type: string): boolean {
  return type.endsWith('_clause');
}

/**
 * The texts of a node's unnamed children (a comparison's operators: `not`, `in`), in an array filled by pushes:
 * `filter(…).map(…)`'s array has one elements kind from the builtin and another where TurboFan inlined the `map`,
 * and `join` on it threw the optimised `evaluateNode` and `applyGuard` away (w225).
 */
export function unnamedTexts(node: SyntaxNode): string[] {
  const texts: string[] = [];
  for (const child of node.children) if (!child.isNamed) texts.push(child.text);
  return texts;
}

/** The text of a string literal without quotes (interpolations left out). */
export function stringText(node: SyntaxNode): string {
  if (node.type === 'string' || node.type === 'template_string') {
    const parts = node.namedChildren.filter(
      (child) =>
        child.type === 'string_content' ||
        child.type === 'string_fragment' ||
        child.type === 'escape_sequence',
    );
    // (the parts' texts joined by hand: `map(…).join('')` threw the optimised `stringValue` away, its array having
    // one elements kind from the builtin `map` and another where TurboFan inlined it, w225)
    if (parts.length) {
      let text = '';
      for (const part of parts) text += part.text;
      return text;
    }
    return '';
  }
  if (node.type === 'property_identifier' || node.type === 'identifier') return node.text;
  return '';
}

/**
 * Whether a string literal's `stringText` is not the text it reads as (review r28): it holds a backslash (an
 * escape sequence, kept as written: `"\x41"` is `A`, `"\N{DIGIT ONE}"` is `1`) or is Python bytes (`b"A"` is no
 * text: it never equals `"A"`, and its `[0]` is 65).
 */
export function inexactText(node: SyntaxNode): boolean {
  return node.text.includes('\\') || /^[rRuUfF]*[bB]/.test(node.text);
}

/** The literal text of a string node before its first interpolation (`f"/items/{x}"` → `/items/`). */
export function leadingText(node: SyntaxNode, firstPart: SyntaxNode | undefined): string | undefined {
  if (!firstPart) return undefined;
  const head = node.text.slice(0, firstPart.startIndex - node.startIndex);
  return head.replace(/^[rRbBuUfF]*(?:'''|"""|'|"|`)/, '');
}

/**
 * The expression inside parentheses, however many (`((x))` is `x`); a comment inside them (`(  # why\n x)`) is
 * passed over. A node that is no parenthesised expression, or one with nothing inside, is itself.
 */
export function unparenthesized(node: SyntaxNode): SyntaxNode {
  let inner = node;
  while (inner.type === 'parenthesized_expression') {
    let expression: SyntaxNode | undefined;
    for (const child of inner.namedChildren)
      if (child.type !== 'comment') {
        expression = child;
        break;
      }
    if (!expression) break;
    inner = expression;
  }
  return inner;
}

/** `node:child_process` → `child_process`, `fs/promises` → `fs.promises`: the dotted name rules match. */
export function moduleName(text: string): string {
  return text.replace(/^node:/, '').replace(/\//g, '.');
}

/** The variable an attribute, subscript or call chain starts from (`a` of `a.b[0].c()`). */
export function rootIdentifier(node: SyntaxNode): string | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.type !== 'identifier' && current.type !== 'this') {
    current =
      current.childForFieldName('object') ??
      current.childForFieldName('value') ??
      current.childForFieldName('function');
  }
  return current?.text;
}

/** The last name of an assignment target (`x`, `self.cmd` → `cmd`, `config["DEBUG"]` → `DEBUG`). */
export function lastName(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  const property = node.childForFieldName('property') ?? node.childForFieldName('attribute');
  if (property) return property.text;
  if (node.type === 'subscript' || node.type === 'subscript_expression') {
    const index = node.childForFieldName('subscript') ?? node.childForFieldName('index');
    if (index) return stringText(index) || undefined;
  }
  return undefined;
}

/** Names bound by a parameter list, destructuring included. */
export function parameterNames(node: SyntaxNode | null): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [node.text];
  const names: string[] = [];
  const visit = (current: SyntaxNode): void => {
    switch (current.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        names.push(current.text);
        return;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = current.childForFieldName('name');
        if (name) visit(name);
        return;
      }
      case 'typed_parameter':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern': {
        const first = current.namedChildren[0];
        if (first) visit(first);
        return;
      }
      case 'required_parameter':
      case 'optional_parameter': {
        const pattern = current.childForFieldName('pattern');
        if (pattern) visit(pattern);
        return;
      }
      case 'assignment_pattern': {
        const left = current.childForFieldName('left');
        if (left) visit(left);
        return;
      }
      case 'pair_pattern': {
        const value = current.childForFieldName('value');
        if (value) visit(value);
        return;
      }
      case 'type_annotation':
      case 'type':
        return;
      default:
        for (const child of current.namedChildren) visit(child);
    }
  };
  visit(node);
  return names;
}
