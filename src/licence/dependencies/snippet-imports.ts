import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/** A module a piece of code imports, as written (`numpy.linalg`, `@scope/pkg/sub`, `github.com/x/y`). */
export interface CodeImport {
  specifier: string;
  line: number;
}

const SUPPORTED = new Set<LanguageId>(['python', 'javascript', 'typescript', 'tsx', 'go', 'rust']);

export function supportsImports(language: LanguageId): boolean {
  return SUPPORTED.has(language);
}

function stringValue(node: SyntaxNode): string {
  return node.text.replace(/^[`'"]|[`'"]$/g, '');
}

/** Records what `node` imports; true when its children are to be read too. */
function readNode(node: SyntaxNode, language: LanguageId, found: CodeImport[]): boolean {
  const line = node.startPosition.row + 1;
  switch (node.type) {
    case 'import_statement':
      if (language === 'python') {
        for (const child of node.namedChildren) {
          const name = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
          if (name?.type === 'dotted_name') found.push({ specifier: name.text, line });
        }
        return false;
      }
      {
        const source = node.childForFieldName('source');
        if (source) found.push({ specifier: stringValue(source), line });
      }
      return false;
    case 'import_from_statement': {
      const module = node.childForFieldName('module_name');
      // relative imports (`from . import x`) stay inside the project
      if (module && module.type === 'dotted_name') found.push({ specifier: module.text, line });
      return false;
    }
    case 'export_statement': {
      const source = node.childForFieldName('source');
      if (source) found.push({ specifier: stringValue(source), line });
      break;
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      const first = args?.namedChildren[0];
      if (callee && first?.type === 'string' && (callee.text === 'require' || callee.type === 'import')) {
        found.push({ specifier: stringValue(first), line });
      }
      break;
    }
    case 'import_spec': {
      const path = node.childForFieldName('path');
      if (path) found.push({ specifier: stringValue(path), line });
      return false;
    }
    case 'use_declaration': {
      const argument = node.childForFieldName('argument');
      const root = argument?.text.split('::')[0]?.replace(/^\{/, '');
      if (root && !['crate', 'self', 'super', 'std', 'core', 'alloc'].includes(root))
        found.push({ specifier: root, line });
      return false;
    }
    case 'extern_crate_declaration': {
      const name = node.childForFieldName('name');
      if (name) found.push({ specifier: name.text, line });
      return false;
    }
  }
  return true;
}

/** The modules `code` imports, read from its syntax tree (tree-sitter). */
export async function importsOf(code: string, language: LanguageId): Promise<CodeImport[]> {
  if (!supportsImports(language)) return [];
  const tree = await parse(language, code);
  try {
    const found: CodeImport[] = [];
    // a loop over the nodes still to read (the next one last), never recursion: a hostile line nests the
    // tree thousands deep, and a recursive walk ended in "Maximum call stack size exceeded" (w184)
    const pending: SyntaxNode[] = [tree.rootNode];
    for (let node = pending.pop(); node; node = pending.pop()) {
      if (!readNode(node, language, found)) continue;
      const children = node.namedChildren;
      for (let index = children.length - 1; index >= 0; index--) pending.push(children[index]!);
    }
    return found;
  } finally {
    tree.delete();
  }
}
