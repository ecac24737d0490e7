import { basename, extname } from 'node:path';
import type { LanguageId } from '../../core/languages.js';
import { parse, type SyntaxNode } from '../../syntax/parser.js';

/** A top-level definition a test template can call. */
export interface Signature {
  kind: 'function' | 'class';
  name: string;
  parameters: string[];
}

/** Test frameworks a stub can be written for. */
export type StubFramework =
  | 'pytest'
  | 'unittest'
  | 'vitest'
  | 'jest'
  | 'node:test'
  | 'mocha'
  | 'go'
  | 'cargo'
  | 'junit';

function parameterNames(node: SyntaxNode | null, language: LanguageId): string[] {
  if (!node) return [];
  const names: string[] = [];
  for (const child of node.namedChildren) {
    let name: string | undefined;
    if (language === 'python') {
      if (child.type === 'identifier') name = child.text;
      else if (['typed_parameter', 'default_parameter', 'typed_default_parameter'].includes(child.type)) {
        name = (child.childForFieldName('name') ?? child.namedChildren.find((c) => c.type === 'identifier'))
          ?.text;
      }
      if (name === 'self' || name === 'cls') name = undefined;
    } else if (language === 'go') {
      for (const id of child.namedChildren.filter((c) => c.type === 'identifier')) names.push(id.text);
    } else if (language === 'rust') {
      if (child.type === 'parameter') name = child.childForFieldName('pattern')?.text;
    } else if (language === 'java') {
      if (child.type === 'formal_parameter') name = child.childForFieldName('name')?.text;
    } else {
      // JavaScript/TypeScript: `a`, `a = 1`, `a: T`, `a?: T`, `...rest`, destructuring
      const pattern = child.childForFieldName('pattern') ?? child.childForFieldName('left') ?? child;
      name =
        pattern.type === 'identifier' ? pattern.text : pattern.type === 'rest_pattern' ? undefined : 'input';
    }
    if (name) names.push(name);
  }
  return names;
}

function jsDefinition(node: SyntaxNode, language: LanguageId): Signature | undefined {
  const target = node.type === 'export_statement' ? node.childForFieldName('declaration') : node;
  if (!target) return undefined;
  if (target.type === 'function_declaration' || target.type === 'generator_function_declaration') {
    const name = target.childForFieldName('name')?.text;
    return name
      ? {
          kind: 'function',
          name,
          parameters: parameterNames(target.childForFieldName('parameters'), language),
        }
      : undefined;
  }
  if (target.type === 'class_declaration') {
    const name = target.childForFieldName('name')?.text;
    return name ? { kind: 'class', name, parameters: [] } : undefined;
  }
  if (target.type === 'lexical_declaration' || target.type === 'variable_declaration') {
    for (const declarator of target.namedChildren.filter((c) => c.type === 'variable_declarator')) {
      const value = declarator.childForFieldName('value');
      const name = declarator.childForFieldName('name');
      if (
        name?.type === 'identifier' &&
        value &&
        ['arrow_function', 'function_expression', 'function'].includes(value.type)
      ) {
        const parameters = value.childForFieldName('parameters') ?? value.childForFieldName('parameter');
        const list =
          parameters?.type === 'identifier' ? [parameters.text] : parameterNames(parameters, language);
        return { kind: 'function', name: name.text, parameters: list };
      }
    }
  }
  return undefined;
}

/** Top-level public functions and classes of `code`, in order. */
export async function findSignatures(code: string, language: LanguageId): Promise<Signature[]> {
  const tree = await parse(language, code);
  try {
    const found: Signature[] = [];
    const visitTop = (node: SyntaxNode): void => {
      if (language === 'python') {
        const definition = node.type === 'decorated_definition' ? node.childForFieldName('definition') : node;
        if (definition?.type === 'function_definition') {
          const name = definition.childForFieldName('name')?.text;
          if (name)
            found.push({
              kind: 'function',
              name,
              parameters: parameterNames(definition.childForFieldName('parameters'), language),
            });
        } else if (definition?.type === 'class_definition') {
          const name = definition.childForFieldName('name')?.text;
          if (name) found.push({ kind: 'class', name, parameters: [] });
        }
      } else if (language === 'javascript' || language === 'typescript' || language === 'tsx') {
        const signature = jsDefinition(node, language);
        if (signature) found.push(signature);
      } else if (language === 'go' && node.type === 'function_declaration') {
        const name = node.childForFieldName('name')?.text;
        if (name)
          found.push({
            kind: 'function',
            name,
            parameters: parameterNames(node.childForFieldName('parameters'), language),
          });
      } else if (language === 'rust' && node.type === 'function_item') {
        const name = node.childForFieldName('name')?.text;
        if (name && name !== 'main') {
          found.push({
            kind: 'function',
            name,
            parameters: parameterNames(node.childForFieldName('parameters'), language),
          });
        }
      } else if (language === 'java' && node.type === 'class_declaration') {
        const body = node.childForFieldName('body');
        const className = node.childForFieldName('name')?.text ?? 'Solution';
        for (const member of body?.namedChildren ?? []) {
          if (member.type !== 'method_declaration') continue;
          const name = member.childForFieldName('name')?.text;
          if (name)
            found.push({
              kind: 'function',
              name: `${className}.${name}`,
              parameters: parameterNames(member.childForFieldName('parameters'), language),
            });
        }
      }
    };
    for (const node of tree.rootNode.namedChildren) visitTop(node);
    return found.filter((signature) => !signature.name.startsWith('_') && signature.name !== 'main');
  } finally {
    tree.delete();
  }
}

export function defaultFramework(language: LanguageId): StubFramework | undefined {
  switch (language) {
    case 'python':
      return 'pytest';
    case 'javascript':
    case 'typescript':
    case 'tsx':
      return 'vitest';
    case 'go':
      return 'go';
    case 'rust':
      return 'cargo';
    case 'java':
      return 'junit';
    default:
      return undefined;
  }
}

function moduleName(file: string | undefined, fallback: string): string {
  if (!file || file.startsWith('<')) return fallback;
  return basename(file, extname(file));
}

function pascal(name: string): string {
  return name.replace(/(^|[_.])(\w)/g, (_m, _s, c: string) => c.toUpperCase());
}

/**
 * A unit-test template for `signatures` in the framework given (or the language's usual one). The
 * template parses but asserts placeholders, so it fails until the engineer fills in real values.
 */
export function buildTestStubs(
  signatures: Signature[],
  language: LanguageId,
  options: { file?: string; framework?: StubFramework } = {},
): string {
  const framework = options.framework ?? defaultFramework(language);
  if (!framework || signatures.length === 0) return '';
  const functions = signatures.filter((s) => s.kind === 'function');
  const classes = signatures.filter((s) => s.kind === 'class');
  const names = signatures.map((s) => s.name.split('.')[0]!);
  const unique = [...new Set(names)];

  if (framework === 'pytest' || framework === 'unittest') {
    const module = moduleName(options.file, 'solution');
    const lines = [
      framework === 'pytest' ? 'import pytest' : 'import unittest',
      '',
      `from ${module} import ${unique.join(', ')}`,
      '',
    ];
    const indent = framework === 'unittest' ? '    ' : '';
    if (framework === 'unittest') lines.push('', `class Test${pascal(module)}(unittest.TestCase):`);
    for (const fn of functions) {
      const args = fn.parameters.map((p) => `${p}=...`).join(', ');
      lines.push('', `${indent}def test_${fn.name}(${framework === 'unittest' ? 'self' : ''}):`);
      lines.push(`${indent}    # TODO: real inputs and the expected result`);
      lines.push(
        framework === 'pytest'
          ? `${indent}    assert ${fn.name}(${args}) == ...`
          : `${indent}    self.assertEqual(${fn.name}(${args}), ...)`,
      );
    }
    for (const cls of classes) {
      lines.push(
        '',
        `${indent}def test_${cls.name.toLowerCase()}(${framework === 'unittest' ? 'self' : ''}):`,
      );
      lines.push(`${indent}    instance = ${cls.name}()  # TODO: constructor arguments`);
      lines.push(`${indent}    assert instance is not None  # TODO: assert behaviour`);
    }
    if (framework === 'unittest') lines.push('', '', "if __name__ == '__main__':", '    unittest.main()');
    return `${lines.join('\n').replace(/\n{3,}/g, '\n\n\n')}\n`;
  }

  if (framework === 'vitest' || framework === 'jest' || framework === 'node:test' || framework === 'mocha') {
    const typed = language === 'typescript' || language === 'tsx';
    const module = `./${moduleName(options.file, 'solution')}`;
    const header =
      framework === 'vitest'
        ? "import { describe, expect, it } from 'vitest';"
        : framework === 'node:test'
          ? "import { describe, it } from 'node:test';\nimport assert from 'node:assert/strict';"
          : framework === 'mocha'
            ? "import assert from 'node:assert/strict';"
            : '';
    const placeholder = typed ? 'undefined as never' : 'undefined';
    const assertEqual = (actual: string) =>
      framework === 'vitest' || framework === 'jest'
        ? `expect(${actual}).toEqual(${placeholder});`
        : `assert.deepEqual(${actual}, ${placeholder});`;
    const lines = [header, `import { ${unique.join(', ')} } from '${module}';`].filter(Boolean);
    for (const fn of functions) {
      const args = fn.parameters.map((p) => `/* ${p} */ ${placeholder}`).join(', ');
      lines.push('', `describe('${fn.name}', () => {`, "  it('returns the expected result', () => {");
      lines.push(
        '    // TODO: real inputs and the expected result',
        `    ${assertEqual(`${fn.name}(${args})`)}`,
        '  });',
        '});',
      );
    }
    for (const cls of classes) {
      lines.push('', `describe('${cls.name}', () => {`, "  it('behaves as specified', () => {");
      lines.push(
        `    const instance = new ${cls.name}(); // TODO: constructor arguments`,
        `    ${assertEqual('instance')}`,
        '  });',
        '});',
      );
    }
    return `${lines.join('\n')}\n`;
  }

  if (framework === 'go') {
    const lines = ['package main', '', 'import "testing"'];
    for (const fn of functions) {
      lines.push(
        '',
        `func Test${pascal(fn.name)}(t *testing.T) {`,
        `\t// TODO: call ${fn.name}(${fn.parameters.join(', ')}) with real inputs and compare`,
        '\tt.Skip("test not written yet")',
        '}',
      );
    }
    return `${lines.join('\n')}\n`;
  }

  if (framework === 'cargo') {
    const lines = ['#[cfg(test)]', 'mod tests {', '    use super::*;'];
    for (const fn of functions) {
      lines.push(
        '',
        '    #[test]',
        `    fn ${fn.name}_works() {`,
        `        // TODO: call ${fn.name}(${fn.parameters.join(', ')}) with real inputs`,
      );
      lines.push(`        todo!("assert what ${fn.name} returns");`, '    }');
    }
    lines.push('}');
    return `${lines.join('\n')}\n`;
  }

  // JUnit 5
  const lines = [
    'import static org.junit.jupiter.api.Assertions.*;',
    '',
    'import org.junit.jupiter.api.Test;',
    '',
    'class SolutionTest {',
  ];
  for (const fn of functions) {
    const method = fn.name.split('.').pop()!;
    lines.push(
      '',
      '    @Test',
      `    void ${method}ReturnsExpectedResult() {`,
      `        // TODO: call ${fn.name}(${fn.parameters.join(', ')}) with real inputs`,
    );
    lines.push('        fail("test not written yet");', '    }');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
