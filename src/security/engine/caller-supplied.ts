import type { Rule } from '../rule-schema.js';
import type { FieldSink } from './fields.js';
import type { FunctionDef, RawMatch, Summary } from './interpreter.js';
import type { LiteNode } from './lite-tree.js';
import { type References, within } from './references.js';
import { isNested } from './syntax-nodes.js';

/**
 * Generated code is usually a bare function whose callers vouch never sees. Such a function's
 * parameters are caller-supplied data: where one reaches an injection sink (after being combined with
 * other text, or whole for `eval` and shells), the function is injectable by whoever calls it. A
 * function counts only when no caller is visible: its name is public (no `_`/`#` prefix), it is not
 * nested in another function, and no code of the file refers to it except to export it (`subprocess.run(…)`
 * is no use of a `def run`: references are read from the syntax tree, see references.ts). Functions
 * the file does call are judged through their summaries at those calls, with the real arguments; web
 * routes are called by their framework, whose other parameters are injected dependencies.
 */
export function callerSuppliedMatches(
  functions: readonly FunctionDef[],
  summaries: ReadonlyMap<FunctionDef, Summary>,
  references: References,
): RawMatch[] {
  const matches = new Map<string, RawMatch & { parameters: string[] }>();
  for (const fn of functions) {
    const summary = summaries.get(fn);
    if (!summary || summary.sinks.length === 0 || fn.route || !isPublicName(fn.name) || isNested(fn.node))
      continue;
    if (hasCaller(fn, references)) continue;
    for (const sink of summary.sinks) {
      const rule: Rule = sink.matcher.rule;
      const policy = rule.callerSupplied;
      const param = fn.params[sink.param];
      if (!policy || sink.matcher.spec.callerSupplied === false) continue;
      if (param?.kind !== 'param' || param.numeric || param.variadic) continue;
      if (!sink.built && !policy.whole && sink.matcher.spec.callerSupplied !== 'whole') continue;
      if (sink.matcher.spec.password && !sink.password) continue;
      const name = param.names[0] ?? `#${sink.param + 1}`;
      const key = `${rule.id}:${sink.line}:${sink.column}`;
      const known = matches.get(key);
      if (known) {
        if (!known.parameters.includes(name)) known.parameters.push(name);
        continue;
      }
      matches.set(key, {
        matcher: sink.matcher,
        line: sink.line,
        column: sink.column,
        callerSupplied: { function: fn.name, parameter: '', whole: !sink.built },
        parameters: [name],
      });
    }
  }
  return [...matches.values()].map(({ parameters, ...match }) => ({
    ...match,
    callerSupplied: { ...match.callerSupplied!, parameter: describe(parameters) },
  }));
}

/**
 * A pattern on data whose data is only parameters of its function (`RawMatch.dataParams`: `load_data(path)`
 * unpickling the file its caller names) is caller-supplied under the same conditions as a sink's parameter:
 * a public function, not nested, not a route, that no code of the file calls. Returns the matches with those
 * marked; others (a function the file calls, a route) keep the pattern's own severity.
 */
export function callerSuppliedPatterns(
  fn: FunctionDef,
  matches: readonly RawMatch[],
  references: References,
): RawMatch[] {
  if (!matches.some((match) => match.dataParams)) return [...matches];
  const eligible =
    !fn.route &&
    isPublicName(fn.name) &&
    !isNested(fn.node) &&
    !hasCaller(fn, references) &&
    !calledByFramework(fn) &&
    !dispatchesByName(fn.node);
  return matches.map((match) => {
    const policy = match.matcher.rule.callerSupplied;
    if (!eligible || !match.dataParams || !policy) return match;
    const spec = match.matcher.spec;
    if (spec.callerSupplied === false) return match;
    // As for a sink: a parameter passed whole counts only where the rule reports one (a shell, a loader).
    if (!match.dataBuilt && !policy.whole && spec.callerSupplied !== 'whole') return match;
    const params = match.dataParams.map((index) => fn.params[index]);
    if (params.some((param) => param?.kind !== 'param' || param.numeric || param.variadic)) return match;
    if (match.dataParams.some((index) => computedDefault(fn, index))) return match;
    const names = params.map((param, i) => param!.names[0] ?? `#${match.dataParams![i]! + 1}`);
    return {
      ...match,
      callerSupplied: { function: fn.name, parameter: describe(names), whole: !match.dataBuilt },
    };
  });
}

/**
 * Review r10: a function something other than the file's code plainly calls, whose parameters are then what
 * that caller passes (a request's, a message's): a decorated function (`@app.task`, `@socketio.on(…)`,
 * `@click.command()`), a method of a class with a base (Flask-RESTful's `Resource.get`, `MethodView.post`,
 * Tornado's `RequestHandler.get`), a function of a file that imports Django (a view is found by the URL
 * configuration, whatever its request parameter is named).
 */
function calledByFramework(fn: FunctionDef): boolean {
  if (fn.node.parent?.type === 'decorated_definition') return true;
  // JavaScript/TypeScript decorators are the method's own children
  if (
    fn.node.type === 'method_definition' &&
    fn.node.namedChildren.some((child) => child.type === 'decorator')
  )
    return true;
  for (let node: LiteNode | null = fn.node.parent; node; node = node.parent) {
    if (node.type === 'class_definition') {
      const bases = node.childForFieldName('superclasses');
      if (bases && bases.namedChildren.length > 0) return true;
      break;
    }
    if (node.type === 'class_declaration' || node.type === 'class') {
      if (node.namedChildren.some((child) => child.type === 'class_heritage')) return true;
      break;
    }
  }
  return DJANGO_IMPORT.test(rootOf(fn.node).text);
}
const DJANGO_IMPORT = /^\s*(?:from|import)\s+django\b/m;

/**
 * The file calls functions by a name it computes (`getattr(handler, op)`, `globals()[name]`,
 * `locals()[name]`, `vars()[name]`): any of them may be what it calls, with any data.
 */
function dispatchesByName(node: LiteNode): boolean {
  return DISPATCH.test(rootOf(node).text);
}
const DISPATCH =
  /\bgetattr\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*(?!['"\s])|\b(?:globals|locals|vars)\s*\(\s*\)\s*(?:\[|\.get\s*\()/;

/** The parameter's default is not a constant (`blob=request.data`, `blob=DEFAULT`): data from elsewhere. */
function computedDefault(fn: FunctionDef, index: number): boolean {
  const parameters = fn.node.childForFieldName('parameters')?.namedChildren ?? [];
  const declared = parameters.filter((node) => node.type !== 'comment')[index];
  if (!declared) return false;
  const value =
    declared.type === 'default_parameter' || declared.type === 'typed_default_parameter'
      ? declared.childForFieldName('value')
      : declared.type === 'assignment_pattern' || declared.type === 'optional_parameter'
        ? (declared.childForFieldName('right') ?? declared.childForFieldName('value'))
        : null;
  return !!value && !CONSTANT_DEFAULT.has(value.type);
}
const CONSTANT_DEFAULT = new Set([
  'none',
  'true',
  'false',
  'integer',
  'float',
  'string',
  'null',
  'undefined',
  'number',
]);

function rootOf(node: LiteNode): LiteNode {
  let root = node;
  while (root.parent) root = root.parent;
  return root;
}

/**
 * A class the file never instantiates whose constructor keeps a parameter in a field that another
 * method hands to a sink (`self.cmd = cmd` … `subprocess.run(self.cmd, shell=True)`): whoever constructs
 * it supplies that data. Reported like a function's parameter, naming the class.
 */
export function constructorFieldMatches(
  sinks: ReadonlyMap<string, FieldSink>,
  functions: readonly FunctionDef[],
  references: References,
): RawMatch[] {
  const matches: RawMatch[] = [];
  for (const sink of sinks.values()) {
    const policy = sink.matcher.rule.callerSupplied;
    if (!policy || sink.matcher.spec.callerSupplied === false || !isPublicName(sink.owner)) continue;
    if (!sink.built && !policy.whole && sink.matcher.spec.callerSupplied !== 'whole') continue;
    // Instantiated (or otherwise used) in the file: the arguments it is given there are what counts.
    if ((references.names.get(sink.owner)?.length ?? 0) > 0) continue;
    const initialiser = functions.find(
      (fn) => fn.owner === sink.owner && (fn.name === '__init__' || fn.name === 'constructor'),
    );
    const param = initialiser?.params[sink.param];
    if (param?.kind !== 'param' || param.numeric || param.variadic) continue;
    matches.push({
      matcher: sink.matcher,
      line: sink.line,
      column: sink.column,
      callerSupplied: {
        function: sink.owner,
        parameter: describe([param.names[0] ?? `#${sink.param + 1}`]),
        whole: !sink.built,
      },
    });
  }
  return matches;
}

/**
 * Whether the file uses the function anywhere but in its own body (recursion calls nothing new): by its
 * bare name for a function (`run(x)`, `handlers = [run]`; `subprocess.run(…)` is another binding's), and
 * also as a member for a method or an object's function (`self.run(…)`, `repo.run(…)`), unless the
 * object is a module (`cp.exec`) or a field of the instance (`self.conn.execute` is the connection's).
 */
function hasCaller(fn: FunctionDef, references: References): boolean {
  // `restore = lambda blob: …`: the name the lambda is assigned to is its definition, not a use
  const outside = (node: LiteNode) =>
    !within(fn.node, node) &&
    !(node.parent?.type === 'assignment' && node.parent.childForFieldName('right') === fn.node);
  if ((references.names.get(fn.name) ?? []).some(outside)) return true;
  if (!isMemberFunction(fn)) return false;
  return (references.members.get(fn.name) ?? []).some(
    ({ node, object }) => outside(node) && !definesIt(fn, node) && !foreignObject(object, references),
  );
}

/** A method, an object literal's function, or a function assigned to a member (`exports.run = …`). */
function isMemberFunction(fn: FunctionDef): boolean {
  if (fn.owner !== undefined || fn.node.type === 'method_definition') return true;
  const parent = fn.node.parent;
  if (parent?.type === 'pair') return true;
  return (
    parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.type === 'member_expression'
  );
}

/** `obj.run` on the left of `obj.run = function …` is the definition, not a use. */
function definesIt(fn: FunctionDef, node: LiteNode): boolean {
  const target = node.parent;
  const assignment = target?.parent;
  return assignment?.type === 'assignment_expression' && assignment.childForFieldName('right') === fn.node;
}

function foreignObject(object: LiteNode, references: References): boolean {
  if (object.type === 'identifier' && references.modules.has(object.text)) return true;
  // `self.conn.execute`, `this.client.query`: a method of what the instance holds, not its own.
  if (object.type === 'attribute' || object.type === 'member_expression') {
    let root: LiteNode | null = object;
    while (root && (root.type === 'attribute' || root.type === 'member_expression'))
      root = root.childForFieldName('object');
    return root?.type === 'this' || (root?.type === 'identifier' && /^(?:self|cls)$/.test(root.text));
  }
  return false;
}

/** `its parameter \`name\`` or `its parameters \`base\` and \`path\`` for the rule's message. */
function describe(parameters: readonly string[]): string {
  const quoted = parameters.map((name) => `\`${name}\``);
  if (quoted.length === 1) return `its parameter ${quoted[0]}`;
  return `its parameters ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

function isPublicName(name: string): boolean {
  return name !== '<anonymous>' && !name.startsWith('_') && !name.startsWith('#');
}
