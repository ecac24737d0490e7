import { type LiteNode, preorder } from './lite-tree.js';

/**
 * Where a file's code refers to a name, read from the syntax tree, not from its text: `subprocess.run(…)`
 * refers to the `run` of the subprocess module, not to a `def run` of the file, and a comment, a string or
 * a keyword argument's name refers to nothing. Used to decide whether a function has a visible caller.
 */
export interface References {
  /** bare uses of a name (`run(x)`, `handlers = [run]`, `<Run />`), definitions and bindings left out */
  names: Map<string, LiteNode[]>;
  /** uses of a name as a member (`obj.run`, `self.run`, `this.run`), with the object it is read from */
  members: Map<string, { node: LiteNode; object: LiteNode }[]>;
  /** names bound by imports (`import subprocess`, `import * as cp`, `const fs = require('fs')`) */
  modules: Set<string>;
}

const IMPORTS = new Set([
  'import_statement',
  'import_from_statement',
  'future_import_statement',
  'import_declaration',
]);

/** Nodes whose `name` field (or, for these, whose identifier child) is a definition or binding. */
const DEFINES_NAME = new Set([
  'function_definition',
  'class_definition',
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'method_definition',
  'function_expression',
  'class',
  'keyword_argument',
  'typed_parameter',
  'default_parameter',
  'typed_default_parameter',
  'required_parameter',
  'optional_parameter',
]);

const PARAMETER_LISTS = new Set(['parameters', 'formal_parameters', 'lambda_parameters']);

/** Static fields of a React component name it without calling it (`Card.propTypes = {…}`). */
const COMPONENT_FIELDS = /^(?:propTypes|defaultProps|displayName|contextTypes)$/;

export function collectReferences(root: LiteNode): References {
  const references: References = { names: new Map(), members: new Map(), modules: new Set() };
  const name = (node: LiteNode) => {
    const list = references.names.get(node.text);
    if (list) list.push(node);
    else references.names.set(node.text, [node]);
  };
  const member = (node: LiteNode, object: LiteNode) => {
    const list = references.members.get(node.text);
    if (list) list.push({ node, object });
    else references.members.set(node.text, [{ node, object }]);
  };
  // pre-order with a stack of its own (preorder): a deep tree overflowed a recursive walk (w80)
  const visit = (node: LiteNode): false | undefined => {
    if (IMPORTS.has(node.type)) {
      importedModules(node, references.modules);
      return false;
    }
    if (isExport(node)) return false;
    if (node.type === 'variable_declarator') {
      const value = node.childForFieldName('value');
      if (value && /^require\(/.test(value.text)) {
        const bound = node.childForFieldName('name');
        if (bound?.type === 'identifier') references.modules.add(bound.text);
      }
    }
    if (node.type === 'identifier' || node.type === 'shorthand_property_identifier') {
      const parent = node.parent;
      if (parent && isReference(node, parent)) {
        if (parent.type === 'attribute' && node.field === 'attribute') {
          const object = parent.childForFieldName('object');
          if (object) member(node, object);
        } else name(node);
      }
    } else if (node.type === 'property_identifier' && node.parent?.type === 'member_expression') {
      const object = node.parent.childForFieldName('object');
      if (object) member(node, object);
    }
    return undefined;
  };
  preorder(root, visit);
  return references;
}

function isReference(node: LiteNode, parent: LiteNode): boolean {
  if (DEFINES_NAME.has(parent.type) && node.field === 'name') return false;
  if (PARAMETER_LISTS.has(parent.type)) return false;
  // `const run = …`, `let { a } = …`: a binding, not a use.
  if (parent.type === 'variable_declarator' && node.field === 'name') return false;
  if (
    parent.type === 'assignment_pattern' &&
    node.field === 'left' &&
    PARAMETER_LISTS.has(parent.parent?.type ?? '')
  )
    return false;
  // `Card.propTypes = {…}`: names the component without calling it.
  if (parent.type === 'member_expression' && node.field === 'object') {
    const property = parent.childForFieldName('property')?.text ?? '';
    if (
      COMPONENT_FIELDS.test(property) &&
      parent.parent?.type === 'assignment_expression' &&
      parent.field === 'left'
    )
      return false;
  }
  return true;
}

/** `module.exports = { run }`, `exports.run = run`, `export { run }`, `export default run`: no caller. */
function isExport(node: LiteNode): boolean {
  if (node.type === 'export_clause') return true;
  if (node.type === 'export_statement') {
    const value = node.namedChildren.find((child) => child.field === 'value' || child.type === 'identifier');
    return node.namedChildren.length === 1 && value?.type === 'identifier';
  }
  if (node.type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right || !/^(?:module\.exports|exports)(?:\.[\w$]+)?$/.test(left.text)) return false;
    return right.type === 'identifier' || (right.type === 'object' && namesOnly(right));
  }
  // Python's `__all__ = [...]` holds strings: nothing in it is an identifier to count.
  return false;
}

/** An object literal of names only (`{ run, exec: execute }`), as in an export list. */
function namesOnly(object: LiteNode): boolean {
  return object.namedChildren.every(
    (child) =>
      child.type === 'comment' ||
      child.type === 'shorthand_property_identifier' ||
      (child.type === 'pair' && child.childForFieldName('value')?.type === 'identifier'),
  );
}

function importedModules(node: LiteNode, modules: Set<string>): void {
  if (node.type === 'import_statement') {
    // Python `import subprocess`, `import os.path`, `import numpy as np`
    for (const child of node.namedChildren) {
      if (child.type === 'dotted_name') modules.add(child.text.split('.')[0]!);
      else if (child.type === 'aliased_import') {
        const alias = child.childForFieldName('alias');
        if (alias) modules.add(alias.text);
      }
    }
    return;
  }
  if (node.type !== 'import_declaration') return;
  // JavaScript `import cp from 'child_process'`, `import * as cp from …`
  const clause = node.namedChildren.find((child) => child.type === 'import_clause');
  for (const part of clause?.namedChildren ?? []) {
    if (part.type === 'identifier') modules.add(part.text);
    else if (part.type === 'namespace_import') {
      const bound = part.namedChildren[0];
      if (bound) modules.add(bound.text);
    }
  }
}

/** Whether `inner` lies within `outer` (a use inside a function's own body is recursion, not a caller). */
export function within(outer: LiteNode, inner: LiteNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
