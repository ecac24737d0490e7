import type { Rule } from '../rule-schema.js';
import type { FieldSink } from './fields.js';
import type { FunctionDef, RawMatch, Summary } from './interpreter.js';
import type { LiteNode } from './lite-tree.js';

/**
 * Generated code is usually a bare function whose callers vouch never sees. Such a function's
 * parameters are caller-supplied data: where one reaches an injection sink (after being combined with
 * other text, or whole for `eval` and shells), the function is injectable by whoever calls it. A
 * function counts only when no caller is visible: its name is public (no `_`/`#` prefix), it is not
 * nested in another function, and the file never mentions it again except to export it. Functions
 * the file does call are judged through their summaries at those calls, with the real arguments; web
 * routes are called by their framework, whose other parameters are injected dependencies.
 */
export function callerSuppliedMatches(
  functions: readonly FunctionDef[],
  summaries: ReadonlyMap<FunctionDef, Summary>,
  source: string,
): RawMatch[] {
  const matches = new Map<string, RawMatch & { parameters: string[] }>();
  let mentions: Map<string, number> | undefined;
  for (const fn of functions) {
    const summary = summaries.get(fn);
    if (!summary || summary.sinks.length === 0 || fn.route || !isPublicName(fn.name) || isNested(fn))
      continue;
    mentions ??= countMentions(source);
    // A recursive function's calls to itself are not callers.
    if ((mentions.get(fn.name) ?? 0) - selfMentions(fn) > 1) continue;
    for (const sink of summary.sinks) {
      const rule: Rule = sink.matcher.rule;
      const policy = rule.callerSupplied;
      const param = fn.params[sink.param];
      if (!policy || sink.matcher.spec.callerSupplied === false) continue;
      if (param?.kind !== 'param' || param.numeric || param.variadic) continue;
      if (!sink.built && !policy.whole && sink.matcher.spec.callerSupplied !== 'whole') continue;
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
 * A class the file never instantiates whose constructor keeps a parameter in a field that another
 * method hands to a sink (`self.cmd = cmd` … `subprocess.run(self.cmd, shell=True)`): whoever constructs
 * it supplies that data. Reported like a function's parameter, naming the class.
 */
export function constructorFieldMatches(
  sinks: ReadonlyMap<string, FieldSink>,
  functions: readonly FunctionDef[],
  source: string,
): RawMatch[] {
  const matches: RawMatch[] = [];
  let mentions: Map<string, number> | undefined;
  for (const sink of sinks.values()) {
    const policy = sink.matcher.rule.callerSupplied;
    if (!policy || sink.matcher.spec.callerSupplied === false || !isPublicName(sink.owner)) continue;
    if (!sink.built && !policy.whole && sink.matcher.spec.callerSupplied !== 'whole') continue;
    mentions ??= countMentions(source);
    // Instantiated in the file: the arguments it is given there are what counts, not a caller's.
    if ((mentions.get(sink.owner) ?? 0) > 1) continue;
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

/** `its parameter \`name\`` or `its parameters \`base\` and \`path\`` for the rule's message. */
function describe(parameters: readonly string[]): string {
  const quoted = parameters.map((name) => `\`${name}\``);
  if (quoted.length === 1) return `its parameter ${quoted[0]}`;
  return `its parameters ${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

function isPublicName(name: string): boolean {
  return name !== '<anonymous>' && !name.startsWith('_') && !name.startsWith('#');
}

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

function isNested(fn: FunctionDef): boolean {
  for (let node: LiteNode | null = fn.node.parent; node; node = node.parent) {
    if (FUNCTION_TYPES.has(node.type)) return true;
  }
  return false;
}

/** Lines that only export a name (`module.exports = {…}`, `export { a }`, `__all__ = […]`) call nothing. */
const EXPORT_LINE =
  /^.*(?:module\.exports|\bexports\.[\w$]+\s*=|^\s*export\s*\{|^\s*export\s+default\s+[\w$]+\s*;?\s*$|__all__).*$/gm;

/** Nodes whose text names nothing: comments, and the literal text of strings (not their interpolations). */
const NOT_CODE = new Set(['comment', 'string_content', 'string_fragment']);

/**
 * The file's text with comments and the literal text of strings blanked (same length, line breaks kept),
 * for counting mentions: a comment or docstring that names a function (`# run it`, `"""run(cmd) runs…"""`)
 * is not a caller, and counting it hid a caller-supplied finding. A string's interpolations (`f"{run(x)}"`,
 * `${run(x)}`) stay: they are calls.
 */
export function codeText(root: LiteNode): string {
  const source = root.text;
  const parts: string[] = [];
  let at = root.startIndex;
  const visit = (node: LiteNode) => {
    if (NOT_CODE.has(node.type)) {
      parts.push(source.slice(at - root.startIndex, node.startIndex - root.startIndex));
      parts.push(node.text.replace(/[^\n]/g, ' '));
      at = node.endIndex;
      return;
    }
    for (const child of node.children) visit(child);
  };
  visit(root);
  parts.push(source.slice(at - root.startIndex));
  return parts.join('');
}

/**
 * Lines that name a function without calling it: imports (`import './ProfileCard.css'`) and a React
 * component's static fields (`ProfileCard.propTypes = {…}`, `.defaultProps`, `.displayName`).
 */
const NAMING_LINE = /^\s*(?:import\s.*|[\w$]+\.(?:propTypes|defaultProps|displayName|contextTypes)\s*=.*)$/gm;

function countMentions(source: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of source
    .replace(EXPORT_LINE, '')
    .replace(NAMING_LINE, '')
    .matchAll(/[A-Za-z_$][\w$]*/g)) {
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return counts;
}

/**
 * How often a function calls itself in its own body: `merge(…)` for a function, `this.merge(…)` or
 * `self.merge(…)` for a method (`super().merge(…)` calls another function).
 */
function selfMentions(fn: FunctionDef): number {
  if (!fn.body || !/^[A-Za-z_$][\w$]*$/.test(fn.name)) return 0;
  const name = fn.name.replace(/\$/g, '\\$');
  const call = fn.owner ? `\\b(?:this|self)\\.${name}\\s*\\(` : `(?<![\\w.$])${name}\\s*\\(`;
  return fn.body.text.match(new RegExp(call, 'g'))?.length ?? 0;
}
