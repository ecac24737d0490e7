import type { Rule, RuleLanguage } from '../rule-schema.js';
import type { CompiledMatcher, LanguageRules } from '../rules.js';
import { interpretFile } from './analyze.js';
import { collectFunctions } from './functions.js';
import { type FunctionDef, Interpreter, type Scope } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { addSummarySink } from './sinks.js';
import { liveOrigins, mergeTaint, sourceTaint, type Taint, type Value } from './taint.js';

/** A stretch of the file's text, by offsets into it (what a Semgrep pattern matched). */
export interface Range {
  start: number;
  end: number;
}

/** `pattern-propagators`: where the match was, and the ranges its `from` and `to` metavariables hold. */
export interface Propagation {
  at: Range;
  from: Range;
  to: Range;
}

/** One Semgrep taint rule's matches on a file, as ranges: what the engine follows between them. */
export interface RangeTaintSpec {
  /** the rule's id: sinks are reported as matches of a matcher of this id */
  ruleId: string;
  sources: readonly Range[];
  sanitizers: readonly Range[];
  sinks: readonly Range[];
  propagators: readonly Propagation[];
}

const keyOf = (start: number, end: number) => `${start}:${end}`;
const STATEMENT = /_statement$/;

/**
 * Semgrep's taint mode on vouch's interpreter. Semgrep matches a rule's sources, sanitisers, sinks and
 * propagators as ranges of the file; the interpreter follows the data between them: an expression whose
 * range is a source's is untrusted, one whose range is a sanitiser's is clean, a propagator's match
 * carries its `from` into its `to`, and an expression whose range is a sink's (or an argument of a call
 * that is) reaches it when it carries live data. Data from a parameter reaching a sink inside a helper
 * becomes the helper's summary, so taint crosses functions of the file as vouch's own rules do.
 */
export class RangeTaint {
  readonly matcher: CompiledMatcher;
  private readonly sources: Set<string>;
  private readonly sanitizers: Set<string>;
  private readonly sinks: Map<string, Range>;
  private readonly propagators = new Map<string, Propagation[]>();
  private readonly fromKeys = new Set<string>();
  /** the last value of each propagator's `from`, by range */
  private readonly fromValues = new Map<string, Value>();
  /** values of call arguments inside a sink's range, by range: the call's own value may not carry them */
  private readonly argumentValues = new Map<string, Value>();

  constructor(readonly spec: RangeTaintSpec) {
    // The engine's summaries and matches name a matcher; this one stands for the rule's sinks.
    this.matcher = { rule: { id: spec.ruleId } as Rule, spec: {} as CompiledMatcher['spec'] };
    this.sources = new Set(spec.sources.map((range) => keyOf(range.start, range.end)));
    this.sanitizers = new Set(spec.sanitizers.map((range) => keyOf(range.start, range.end)));
    this.sinks = new Map(spec.sinks.map((range) => [keyOf(range.start, range.end), range]));
    for (const propagation of spec.propagators) {
      const key = keyOf(propagation.at.start, propagation.at.end);
      this.propagators.set(key, [...(this.propagators.get(key) ?? []), propagation]);
      this.fromKeys.add(keyOf(propagation.from.start, propagation.from.end));
    }
  }

  /** A function's parameter that a source matched (`def view(..., $P, ...)` focused on `$P`) is untrusted. */
  parameters(it: Interpreter, fn: FunctionDef, scope: Scope): void {
    const list = fn.node.childForFieldName('parameters') ?? fn.node.childForFieldName('parameter');
    if (!list) return;
    for (const range of this.spec.sources) {
      if (range.start < list.startIndex || range.end > list.endIndex) continue;
      const name = it.text.slice(range.start, range.end);
      if (!scope.has(name)) continue;
      // The parameter's data comes in where the function starts, as vouch's route parameters do.
      scope.set(name, { ...scope.get(name), taint: this.source(fn.node.startPosition.row + 1) });
    }
  }

  private source(line: number): Taint {
    return sourceTaint(`the source on line ${line}`, line);
  }

  /** Called with the value the interpreter found for `node`: returns the value the rule makes of it. */
  evaluated(it: Interpreter, node: SyntaxNode, found: Value): Value {
    const key = keyOf(node.startIndex, node.endIndex);
    let value = found;
    if (this.sources.has(key))
      value = { ...value, taint: mergeTaint(value.taint, this.source(node.startPosition.row + 1)) };
    if (this.sanitizers.has(key) && value.taint) value = { ...value, taint: undefined };
    if (this.fromKeys.has(key)) this.fromValues.set(key, value);
    if (this.insideSink(node)) this.argumentValues.set(key, value);
    for (const propagation of this.propagators.get(key) ?? []) this.propagate(it, propagation);
    if (this.sinks.has(key)) this.reach({ it, node, value, sanitized: this.sanitizers.has(key) });
    // A sink that is a statement (`return $X`, `raise $X`) is never evaluated itself: its expression is.
    const parent = node.parent;
    if (
      parent &&
      STATEMENT.test(parent.type) &&
      parent.type !== 'expression_statement' &&
      this.sinks.has(keyOf(parent.startIndex, parent.endIndex))
    )
      this.reach({ it, node: parent, value, sanitized: false });
    return value;
  }

  private insideSink(node: SyntaxNode): boolean {
    for (const sink of this.sinks.values())
      if (node.startIndex >= sink.start && node.endIndex <= sink.end) return true;
    return false;
  }

  /** `$TO.append($FROM)`: the variable `$TO` names now holds what `$FROM` held too. */
  private propagate(it: Interpreter, propagation: Propagation): void {
    const from = this.fromValues.get(keyOf(propagation.from.start, propagation.from.end));
    if (!from?.taint) return;
    const name = it.text.slice(propagation.to.start, propagation.to.end).trim();
    const root = /^[A-Za-z_$][\w$]*/.exec(name)?.[0];
    if (!root) return;
    const holder = it.lookup(root) ?? {};
    it.frame.scope.set(root, { ...holder, taint: mergeTaint(holder.taint, from.taint), known: undefined });
  }

  /** Data at a sink: a finding for data from a source, a summary sink for a parameter's data. */
  private reach({
    it,
    node,
    value,
    sanitized,
  }: {
    it: Interpreter;
    node: SyntaxNode;
    value: Value;
    sanitized: boolean;
  }): void {
    let taint = value.taint;
    // A call's arguments reach a sink that is the call (a helper's summary may not pass them on), unless
    // the call is a sanitiser.
    const argumentsNode = /call/.test(node.type) && !sanitized ? node.childForFieldName('arguments') : null;
    for (const argument of argumentsNode?.namedChildren ?? []) {
      const inner = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
      if (!inner) continue;
      taint = mergeTaint(taint, this.argumentValues.get(keyOf(inner.startIndex, inner.endIndex))?.taint);
    }
    const line = node.startPosition.row + 1;
    const column = node.startPosition.column + 1;
    for (const origin of liveOrigins({ taint, ruleId: this.spec.ruleId })) {
      if (origin.param !== undefined)
        addSummarySink({
          it,
          param: origin.param,
          matcher: this.matcher,
          line,
          column,
          built: !!taint?.built,
          password: false,
        });
      else if (origin.source && it.reporting)
        it.matches.push({ matcher: this.matcher, line, column, origin });
    }
  }
}

/** Where a taint rule's data reached one of its sinks: the sink's line and column, the source's line. */
export interface RangeTaintMatch {
  line: number;
  column: number;
  sourceLine: number;
  /** the helper of the file through which the data arrived */
  via?: { name: string; line: number };
}

/**
 * Runs one Semgrep taint rule, given as ranges of the file, on the file's tree. `knowledge` is the
 * engine's knowledge of the language without vouch's own rules (`taintKnowledge`): the team's rule
 * decides alone what is a source, a sanitiser and a sink.
 */
export function rangeTaintMatches({
  root,
  family,
  knowledge,
  file,
  spec,
}: {
  root: SyntaxNode;
  family: RuleLanguage;
  knowledge: LanguageRules;
  file: string;
  spec: RangeTaintSpec;
}): RangeTaintMatch[] {
  const interpreter = new Interpreter({ language: family, rules: knowledge, file, text: root.text });
  interpreter.ranges = new RangeTaint(spec);
  // Frameworks make no parameter a source here: only the rule's sources are.
  const functions = collectFunctions(root, family, knowledge).map((fn) => ({
    ...fn,
    params: fn.params.map((param) => ({ names: param.names, kind: 'param' as const })),
    route: false,
    handler: false,
    htmlRoute: false,
  }));
  const { produced } = interpretFile(interpreter, root, { functions });
  const found = new Map<number, RangeTaintMatch>();
  // In the file's order, not the order the functions ran in (as analyze.ts): the first in the file names
  // the origin of a line two report (review F7).
  for (const match of [undefined, ...functions].flatMap((fn) => produced.get(fn) ?? [])) {
    if (found.has(match.line)) continue;
    found.set(match.line, {
      line: match.line,
      column: match.column,
      sourceLine: match.origin?.line ?? match.line,
      ...(match.via ? { via: match.via } : {}),
    });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}
