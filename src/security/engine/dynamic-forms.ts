import type { LiteNode as SyntaxNode } from './lite-tree.js';

/*
 * The forms by which a Python file binds or writes names without a binding written (`setattr`, a namespace's
 * dictionary, `globals()`, the builtins module, code run from a string, a module got by name), as
 * `file-bindings.ts`' walk tells them: which identifiers and calls are such forms, whether they write a namespace
 * or only reach a module, and which attribute a call writes (`DynamicWrite`).
 */

/** One attribute a dynamic form writes: `setattr(shlex, "quote", str)` is `shlex` and `quote`. */
export interface DynamicWrite {
  /** the object written (`shlex`); null for the module's own namespace (`globals()`, `locals()`, `vars()`) */
  readonly object: SyntaxNode | null;
  /** the attribute's name; null when it is no constant (`setattr(shlex, name, …)`): any may be written */
  readonly name: string | null;
}

/**
 * Names that bind or rewrite names without a binding written, wherever they are written (`put = setattr`
 * too): the namespaces' dictionaries, `setattr`, the builtins module; each with whether, written as itself,
 * it writes a namespace (`FileBindings.rewrites`) or only reaches a module by name.
 */
const DYNAMIC_NAMES: ReadonlyMap<string, 'writes' | 'reaches'> = new Map<string, 'writes' | 'reaches'>([
  ['globals', 'writes'],
  ['locals', 'writes'],
  ['setattr', 'writes'],
  ['__builtins__', 'writes'],
  ['builtins', 'writes'],
  // code run from a string binds what the string says (review r19: `eval(compile(SETUP, …))`)
  ['eval', 'writes'],
  ['exec', 'writes'],
  ['compile', 'writes'],
  // a module got by name: `__import__("builtins").__dict__.update(…)`
  ['__import__', 'reaches'],
  ['import_module', 'reaches'],
]);
/** Of `DYNAMIC_NAMES`, those that write a namespace when written as themselves. */
export const WRITING_NAMES = new Set(
  [...DYNAMIC_NAMES].filter(([, does]) => does === 'writes').map(([name]) => name),
);
/**
 * Attributes that reach a namespace's dictionary or a module by name, whatever is done with them
 * (`m.__dict__.update(abort=print)`, `sys._getframe().f_globals["abort"] = …`, `f.__globals__`).
 */
const DYNAMIC_ATTRIBUTES = new Set([
  '__dict__',
  'f_globals',
  'f_locals',
  '__globals__',
  '__builtins__',
  'import_module',
]);
/**
 * A word's length with its first and last characters, as one number: most identifiers are none of the dynamic
 * names, and this says so from the source without slicing their text (most of the walk's cost when it did).
 */
export const shapeOf = (text: string, start: number, end: number) =>
  (end - start) | (text.charCodeAt(start) << 8) | (text.charCodeAt(end - 1) << 16);
export const DYNAMIC_SHAPES = new Set(
  [...DYNAMIC_NAMES.keys(), ...DYNAMIC_ATTRIBUTES, 'modules'].map((name) => shapeOf(name, 0, name.length)),
);
/** Called: `vars` and `exec` are also common names of other things (`self.exec`, `vars = {}`). */
export const DYNAMIC_CALLS = new Set(['vars', 'exec', ...DYNAMIC_NAMES.keys()]);
export const DYNAMIC_CALL_SHAPES = new Set([...DYNAMIC_CALLS].map((name) => shapeOf(name, 0, name.length)));
/**
 * Whether an identifier is one of the dynamic forms: a name of `DYNAMIC_NAMES` written as itself, an attribute
 * of `DYNAMIC_ATTRIBUTES`, or `sys.modules` (`sys.modules[__name__].exit = print`, `sys.modules["builtins"]`).
 */
export function dynamicName(node: SyntaxNode): boolean {
  const text = node.text;
  if (!isAttributeName(node)) return DYNAMIC_NAMES.has(text) || (text === 'modules' && importedFromSys(node));
  if (node.parent?.type !== 'attribute') return false;
  if (DYNAMIC_ATTRIBUTES.has(text)) return true;
  return text === 'modules' && node.parent.childForFieldName('object')?.text === 'sys';
}

/** Code run from a string: `FileBindings.evaluations`. */
export const EVALUATORS = new Set(['eval', 'exec', 'compile']);

/** A dynamic identifier (`dynamicName`) that writes a namespace: see `FileBindings.rewrites`. */
export function writingName(node: SyntaxNode): boolean {
  const text = node.text;
  if (!isAttributeName(node)) return WRITING_NAMES.has(text);
  if (text === 'f_globals' || text === 'f_locals' || text === '__globals__' || text === '__builtins__')
    return true;
  // `m.__dict__.update(…)`, `m.__dict__.setdefault(…)`: the subscript target is `targets`'
  const outer = node.parent?.parent;
  const method = outer?.type === 'attribute' ? outer.childForFieldName('attribute')?.text : undefined;
  return text === '__dict__' && (method === 'update' || method === 'setdefault' || method === '__setitem__');
}

/** `from sys import modules`: the import's module is `sys`. */
function importedFromSys(node: SyntaxNode): boolean {
  const statement = node.parent?.parent;
  return (
    statement?.type === 'import_from_statement' && statement.childForFieldName('module_name')?.text === 'sys'
  );
}

/** `x.exec`, `f(exec=…)`: an attribute's or a keyword's name, not the name itself. */
function isAttributeName(node: SyntaxNode): boolean {
  const parent = node.parent;
  return (
    (parent?.type === 'attribute' && node.field === 'attribute') ||
    (parent?.type === 'keyword_argument' && node.field === 'name')
  );
}

/**
 * The namespace whose dictionary `expression` is (`vars(shlex)`, `shlex.__dict__`: `shlex`; `globals()`,
 * `locals()`, `vars()`: null, the module's own); undefined for anything else.
 */
export function namespaceOf(expression: SyntaxNode): SyntaxNode | null | undefined {
  if (expression.type === 'attribute') {
    if (expression.childForFieldName('attribute')?.text !== '__dict__') return undefined;
    return expression.childForFieldName('object') ?? undefined;
  }
  if (expression.type !== 'call') return undefined;
  const callee = expression.childForFieldName('function');
  if (callee?.type !== 'identifier') return undefined;
  const args = expression.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee.text === 'globals' || callee.text === 'locals') return null;
  if (callee.text !== 'vars') return undefined;
  return args.length === 0 ? null : args[0]!;
}

/** Methods of a dictionary that write an entry of it. */
const DICTIONARY_WRITES = new Set(['update', 'setdefault', '__setitem__']);
/** Methods whose call may write an attribute: a dictionary's writes, `__setattr__`, a monkeypatch's, mock's. */
export const CALL_WRITE_SHAPES = new Set(
  [...DICTIONARY_WRITES, '__setattr__', 'setattr', 'patch', 'object'].map((name) =>
    shapeOf(name, 0, name.length),
  ),
);

/** The first argument of a call, as a string constant's text (null for anything else). */
export function firstArgument(call: SyntaxNode): string | null {
  return constantKey(call.childForFieldName('arguments')?.namedChildren[0] ?? null);
}

/** `X.setattr("shlex.quote", v)`: a monkeypatch's target by its dotted name, two arguments the first a string. */
export function isDottedPath(call: SyntaxNode): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.length === 2 && args[0]?.type === 'string';
}

/**
 * Whether a call of `eval`, `exec` or `compile` runs constant code that writes no name: its first argument a
 * plain string with no assignment, `setattr`, namespace, import or further code run in it (`eval("1 + 1")`).
 * Read by its text, so on the side of "writes": `print(x, end="")` counts as an assignment.
 */
export function runsNothingWriting(call: SyntaxNode): boolean {
  const code = constantKey(call.childForFieldName('arguments')?.namedChildren[0] ?? null);
  return code !== null && !WRITING_CODE.test(code);
}
const WRITING_CODE =
  /(?:^|[^=!<>])=(?!=)|\b(?:setattr|__setattr__|__dict__|import|__import__|del|exec|eval|compile|globals|locals|vars|modules|patch)\b/;

/**
 * The attributes a call writes without an assignment: `setattr(obj, "name", v)`, and a namespace's dictionary
 * written by a method (`vars(shlex).update(quote=str)`, `globals().__setitem__("shlex", …)`); a name not
 * written as a constant is any name.
 */
export function writtenByCall(call: SyntaxNode): DynamicWrite[] {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (callee?.type === 'identifier' && callee.text === 'setattr') {
    const object = args[0];
    return object ? [{ object, name: constantKey(args[1] ?? null) }] : [];
  }
  if (callee?.type !== 'attribute') return [];
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const dictionary = callee.childForFieldName('object');
  if (method === '__setattr__' || method === 'setattr') {
    // `object.__setattr__(shlex, "quote", v)`, `type(shlex).__setattr__(shlex, …)`, a monkeypatch's
    // `setattr(shlex, "quote", v)`; `shlex.__setattr__("quote", v)` writes its own object
    if (args.length >= 3) return [{ object: args[0]!, name: constantKey(args[1]!) }];
    if (method === '__setattr__' && args.length === 2 && dictionary)
      return [{ object: dictionary, name: constantKey(args[0]!) }];
    return [];
  }
  if (!DICTIONARY_WRITES.has(method) || !dictionary) return [];
  const object = namespaceOf(dictionary);
  if (object === undefined) return [];
  if (method !== 'update') return [{ object, name: constantKey(args[0] ?? null) }];
  // `update(quote=str)` writes the keywords' names; a dictionary or pairs given, names not seen
  if (args.length > 0 && args.every((arg) => arg.type === 'keyword_argument'))
    return args.map((arg) => ({ object, name: arg.childForFieldName('name')?.text ?? null }));
  return [{ object, name: null }];
}

/**
 * A string constant's text (`"quote"`), or null for anything else: a name, a concatenation, an f-string's
 * interpolation, an escape (`"q\x75ote"` is `quote` to Python), bytes.
 */
export function constantKey(node: SyntaxNode | null): string | null {
  if (node?.type !== 'string') return null;
  const parts = node.namedChildren;
  if (!/^[rRuU]?["']/.test(parts[0]?.text ?? '')) return null;
  if (parts.length === 2) return '';
  const content = parts[1];
  if (parts.length !== 3 || content?.type !== 'string_content' || content.namedChildren.length > 0)
    return null;
  return content.text;
}
