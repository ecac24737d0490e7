import type ts from 'typescript';
import { typescript } from '../../core/typescript-compiler.js';

export interface ImportedName {
  /** the exported name asked for; `default` for default imports; `*` for namespace/require objects */
  name: string;
  line: number;
  column: number;
}

export interface ModuleUse {
  specifier: string;
  line: number;
  column: number;
  names: ImportedName[];
  /** import type / export type: checked for existence only */
  typeOnly: boolean;
}

function position(sourceFile: ts.SourceFile, node: ts.Node): { line: number; column: number } {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return { line: line + 1, column: character + 1 };
}

/**
 * Every module the code uses and the names it takes from each: ES imports and re-exports, `require()`
 * (with destructuring), `import()`, and member accesses on namespace / default / require bindings
 * (`lib.formatDate(...)`). Parsed with the TypeScript parser; nothing is run.
 */
export function collectModuleUses(code: string, fileName: string): ModuleUse[] {
  const ts = typescript();
  const sourceFile = ts.createSourceFile(fileName, code, ts.ScriptTarget.ESNext, true);
  const uses: ModuleUse[] = [];
  /** local binding → the module use it holds as a whole (namespace, default, require result) */
  const objects = new Map<string, ModuleUse>();

  const add = (specifier: ts.Expression, node: ts.Node, typeOnly: boolean): ModuleUse | undefined => {
    if (!ts.isStringLiteralLike(specifier)) return undefined;
    const use: ModuleUse = { specifier: specifier.text, ...position(sourceFile, node), names: [], typeOnly };
    uses.push(use);
    return use;
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const use = add(node.moduleSpecifier, node, Boolean(clause?.isTypeOnly));
      if (use && clause) {
        if (clause.name) {
          use.names.push({ name: 'default', ...position(sourceFile, clause.name) });
          objects.set(clause.name.text, use);
        }
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) objects.set(bindings.name.text, use);
        if (bindings && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) {
            const name = (element.propertyName ?? element.name).text;
            use.names.push({ name, ...position(sourceFile, element) });
          }
        }
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const use = add(node.moduleSpecifier, node, node.isTypeOnly);
      if (use && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) {
          use.names.push({
            name: (element.propertyName ?? element.name).text,
            ...position(sourceFile, element),
          });
        }
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const use = add(node.moduleReference.expression, node, node.isTypeOnly);
      if (use) objects.set(node.name.text, use);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const argument = node.arguments[0] as ts.Expression;
      if ((isRequire || isImport) && ts.isStringLiteralLike(argument)) {
        const use = add(argument, node, false);
        const parent = node.parent;
        if (use && isRequire && parent && ts.isVariableDeclaration(parent)) {
          if (ts.isIdentifier(parent.name)) objects.set(parent.name.text, use);
          else if (ts.isObjectBindingPattern(parent.name)) {
            for (const element of parent.name.elements) {
              const key = element.propertyName ?? element.name;
              if (ts.isIdentifier(key)) use.names.push({ name: key.text, ...position(sourceFile, element) });
            }
          }
        }
      }
    }
  };
  preOrder(sourceFile, visit);

  const members = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const use = objects.get(node.expression.text);
      if (use) use.names.push({ name: node.name.text, ...position(sourceFile, node.name) });
    }
  };
  preOrder(sourceFile, members);
  return uses;
}

/**
 * Every node under `root`, parents before children and in source order, with a stack of our own: a
 * recursive walk overflowed the call stack on an expression nested a few thousand deep (r49 #6).
 */
function preOrder(root: ts.Node, visit: (node: ts.Node) => void): void {
  const ts = typescript();
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    visit(node);
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    while (children.length > 0) stack.push(children.pop() as ts.Node);
  }
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}
