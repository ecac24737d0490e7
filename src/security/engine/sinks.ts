import { SEVERITY_ORDER, type Severity } from '../../core/check.js';
import { type CallRules, type CompiledMatcher, excludedSourcesAt } from '../rules.js';
import { findSecrets, isCredentialLiteral, isTestFile, looksGenerated } from '../secrets.js';
import { checkedBefore, checkedName, guardedBy } from './checked-before.js';
import { type CallSite, conditionsHold, declares, lookup, matchesAny } from './conditions.js';
import type { FunctionDef, Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { fileWrites } from './own-writes.js';
import { JSON_RETYPED } from './project-settings.js';
import { within } from './references.js';
import {
  entries,
  isContainer,
  madeDict,
  namedUnseen,
  nameUnseen,
  returnedTuple,
} from './response-headers.js';
import { lastName } from './syntax-nodes.js';
import { builtTaint, CLEAN, liveOrigins, mergeAll, returnedByCall, type Taint, type Value } from './taint.js';
import { decodedFor, undoneFor } from './unescapes.js';

/**
 * Where the rules meet the code: a sink reached by live taint becomes a match (data from a real source),
 * a summary sink (a parameter of the function being summarised) or a field sink (a constructor's
 * parameter kept in a field); a pattern that holds is a match at once.
 */

/** A pattern match at `node` (kept only while the interpreter reports). */
export function report(it: Interpreter, matcher: CompiledMatcher, node: SyntaxNode): void {
  if (!it.reporting) return;
  it.matches.push({ matcher, line: node.startPosition.row + 1, column: node.startPosition.column + 1 });
}

/**
 * The patterns and sinks of a call. Returns whether a sink of a rule that consumes its data (a query, a
 * command, a fetch) was reached: the call's result is then not the input passed through.
 */
export function callMatches({
  it,
  rules,
  site,
  node,
}: {
  it: Interpreter;
  rules: CallRules;
  site: CallSite;
  node: SyntaxNode;
}): boolean {
  let consumed = false;
  for (const matcher of rules.patterns) {
    if (!conditionsHold(matcher, site)) continue;
    const guard = matcher.spec.guardedByNot;
    if (guard && guardedBy(node, compiledGuard(guard))) continue;
    report(it, matcher, node);
    const data = it.reporting ? parametersOnly({ it, matcher, site, node }) : undefined;
    if (data) Object.assign(it.matches[it.matches.length - 1]!, data);
  }
  let passwords: boolean | undefined;
  for (const matcher of rules.sinks) {
    // Password rules match only calls given a password (or a parameter); most calls are given none.
    if (matcher.spec.password) {
      passwords ??=
        site.args.some((arg) => passwordData(arg.taint)) ||
        [...site.keywords.values()].some((value) => passwordData(value.taint));
      if (!passwords) continue;
    }
    if (!conditionsHold(matcher, site)) continue;
    if (checkSink({ it, matcher, site, node }) && matcher.rule.consumesData) consumed = true;
  }
  return consumed;
}

/** The source label of what is read from a file (`rules/security/_sources.json`). */
const FILE_CONTENTS = 'file contents';

/**
 * The parameters of the running function that a pattern's data arguments (those its `notOwnFile`,
 * `notConstant` and `bytesArguments` conditions name) carry, when they carry nothing else: no real source, no
 * field, and no data of unknown origin. `load_data(file_path)` unpickling `open(file_path).read()` loads what
 * its caller names; where no caller is seen, that is caller-supplied (one level lower), as a sink's parameter
 * is. Anything else (request data, a global, a library's result) keeps the pattern's own severity.
 */
function parametersOnly({
  it,
  matcher,
  site,
  node,
}: {
  it: Interpreter;
  matcher: CompiledMatcher;
  site: CallSite;
  node: SyntaxNode;
}): { dataParams: number[]; dataBuilt?: true } | undefined {
  const spec = matcher.spec;
  if (!matcher.rule.callerSupplied) return undefined;
  const names = [...(spec.notOwnFile ?? []), ...(spec.notConstant ?? []), ...(spec.bytesArguments ?? [])];
  if (names.length === 0) return undefined;
  const values = [...new Set(names)].map((name) => lookup(site, /^\d+$/.test(name) ? `@${name}` : name));
  const present = values.filter((value): value is Value => value !== undefined);
  if (present.length === 0) return undefined;
  const params = new Set<number>();
  let built = false;
  for (const value of present) {
    // A constant argument beside the data (a keyword's default) carries nothing.
    if (value.known) continue;
    // What a call returned (`r.get(key)`, `b64decode(blob)`) is the call's data, whatever its arguments
    // were: a store's entry under the caller's key is not the caller's data. Only the parameter itself, or a
    // file opened at its path and what is read from it, is the caller's.
    if (!value.openedAt && returnedByCall(value)) return undefined;
    // A file the function itself writes at a path it does not fix (`open(path, "wb").write(request.data)`, then
    // `pickle.load(open(path, "rb"))`): its contents may be what the function put there (review r10).
    if (value.openedAt && writesFirst(it, node)) return undefined;
    if (value.taint?.built) built = true;
    // A file's contents: its origin is whoever named the file (what else the value carries counts too).
    const origins = value.openedAt
      ? [
          ...value.openedAt.origins,
          ...(value.taint?.origins ?? []).filter((origin) => origin.source !== FILE_CONTENTS),
        ]
      : (value.taint?.origins ?? []);
    // Data of no known origin (a global, a module's value) is not the caller's alone.
    if (origins.length === 0) return undefined;
    for (const origin of origins) {
      if (origin.param === undefined || origin.source !== undefined || origin.field) return undefined;
      params.add(origin.param);
    }
  }
  if (params.size === 0) return undefined;
  const dataParams = [...params].sort((a, b) => a - b);
  return built ? { dataParams, dataBuilt: true } : { dataParams };
}

/** The running function writes something other than pickle's stream to a file at a path it does not fix. */
function writesFirst(it: Interpreter, node: SyntaxNode): boolean {
  let fn: SyntaxNode | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return false;
  const owner = fn;
  return fileWrites(node, it.aliases).some(
    (write) => !write.pickled && write.path === undefined && !!write.at && within(owner, write.at),
  );
}

function checkSink({
  it,
  matcher: given,
  site,
  node,
}: {
  it: Interpreter;
  matcher: CompiledMatcher;
  site: CallSite;
  node: SyntaxNode;
}): boolean {
  // `resp.headers.add(name, json.dumps(v))`, `name` no constant: it may be `Set-Cookie` (review r24)
  const matcher = namedUnseen(given, site) ? nameUnseen(given) : given;
  const spec = matcher.spec;
  const parts: (Value | undefined)[] = [];
  const indices = spec.args ?? (spec.keywords || spec.receiver ? [] : [0]);
  // `logger.info("user %d", n)`: the fields after the message are formatted by its placeholders; with no
  // `%s` among them (`%d`, `%r`) no text reaches the log as it was sent.
  const format = site.args[0];
  const textFields =
    !spec.percentFormat ||
    !format?.known ||
    typeof format.constant !== 'string' ||
    /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?s/.test(format.constant);
  const positions = spec.allArguments ? site.args.map((_, index) => index) : indices;
  for (const index of positions) {
    if (spec.objectArgumentsSafe && site.objectArguments?.has(index)) continue;
    if (spec.argContainer && !isContainer(site.args[index]) && !madeDict(site.args[index])) continue;
    if (index > 0 && !textFields) continue;
    // `logger.warning("user %s", name)`: the logger formats the field into the line, as an f-string would.
    const arg = entries(site.args[index], matcher);
    parts.push(
      spec.percentFormat && index > 0 && arg?.taint ? { ...arg, taint: builtTaint(arg.taint) } : arg,
    );
  }
  if (spec.allArguments) parts.push(...site.keywords.values());
  for (const name of spec.keywords ?? []) {
    const [keyword, index] = name.split('@');
    // `Response(body, headers={"Location": …})`: a keyword's dict judged by its entries, as an argument's
    parts.push(
      entries(
        site.keywords.get(keyword!.toLowerCase()) ??
          (index !== undefined ? site.args[Number(index)] : undefined),
        matcher,
      ),
    );
  }
  // `resp.headers.update(X_Foo=x, Location=y)`: the keywords are one dict's entries
  if (spec.keywordEntries) {
    const named = new Set((spec.keywords ?? []).map((name) => name.split('@')[0]!.toLowerCase()));
    const properties = new Map([...site.keywords].filter(([name]) => !named.has(name)));
    if (properties.size > 0)
      parts.push(
        entries(
          { taint: mergeAll([...properties.values()]), properties, keyedOnly: !site.hasSpread },
          matcher,
        ),
      );
  }
  if (spec.receiver) parts.push(site.receiver);
  const taint = mergeAll(parts);
  // A lookup key passed whole (`finders.find(path)`) is not a query built from the data.
  if (spec.built && !taint?.built) return false;
  if (spec.checkedBefore && !checkedFirst(node, positions, !!spec.receiver)) return false;
  if (spec.password && !passwordData(taint)) return false;
  sinkHit({ it, matcher, taint, node });
  // A file opened at a path checked to lie in its folder (review r10: the prefix check clears path traversal
  // only) still returns the file's contents, not the path: the call consumed the request's data. Only a call
  // that returns the file or what it holds does (review r15): `shutil.copy`/`move` return the destination,
  // `fs.promises.realpath`/`mkdtemp` a path, and a call returning nothing or a listing consumes nothing either;
  // their result keeps the request's data for every other rule, cleared for paths or not.
  if (matcher.rule.id === 'path-traversal' && !returnsTheFile(site, node)) return false;
  const opened =
    matcher.rule.id === 'path-traversal' && taint ? { ...taint, cleared: new Set<string>() } : taint;
  return (
    liveOrigins({
      taint: opened,
      ruleId: matcher.rule.id,
      sources: matcher.rule.sources,
      excluded: excludedSourcesAt(it.rules, matcher),
      jsonKept: matcher.spec.jsonKept,
    }).length > 0
  );
}

/**
 * Whether a path-traversal sink's call returns the file or its contents (`open`, `read_text`, `readFile`,
 * `createReadStream`, a response sending it): by the last name of what is called, resolved or as written.
 */
function returnsTheFile(site: CallSite, node: SyntaxNode): boolean {
  const written = (node.childForFieldName('function') ?? node.childForFieldName('constructor'))?.text;
  return [...site.paths, ...(written ? [written] : [])].some((path) => READS_FILE.test(path));
}
const READS_FILE =
  /(?:^|\.)(?:open|openSync|read_text|read_bytes|readFile|readFileSync|createReadStream|send_file|sendFile|download|FileResponse|ZipFile)$/;

const guards = new Map<string, RegExp>();
const compiledGuard = (source: string) => {
  const known = guards.get(source);
  if (known) return known;
  const regex = new RegExp(source);
  guards.set(source, regex);
  return regex;
};

/** Whether the value a validate-then-normalise sink is given was tested before the call (checked-before.ts). */
function checkedFirst(node: SyntaxNode, positions: readonly number[], receiver: boolean): boolean {
  const target = receiver
    ? node.childForFieldName('function')?.childForFieldName('object')
    : node.childForFieldName('arguments')?.namedChildren[positions[0] ?? 0];
  const name = checkedName(target);
  return name !== undefined && checkedBefore(node, name);
}

/**
 * Data a password rule takes: known to be a password, or a parameter of the function being summarised
 * (its callers decide, by what they pass).
 */
function passwordData(taint: Taint | undefined): boolean {
  return !!taint && (taint.password === true || taint.origins.some((origin) => origin.param !== undefined));
}

export { passwordData };

export function sinkHit({
  it,
  matcher,
  taint,
  node,
}: {
  it: Interpreter;
  matcher: CompiledMatcher;
  taint: Taint | undefined;
  node: SyntaxNode;
}): void {
  const line = node.startPosition.row + 1;
  const column = node.startPosition.column + 1;
  for (const origin of liveOrigins({
    taint,
    ruleId: matcher.rule.id,
    sources: matcher.rule.sources,
    excluded: excludedSourcesAt(it.rules, matcher),
    jsonKept: matcher.spec.jsonKept,
  })) {
    if (matcher.spec.password && !taint?.password && origin.param === undefined) continue;
    if (matcher.spec.onlyNumbers && !taint?.number && origin.param === undefined) continue;
    // a parameter's headers read in a helper (`r.mimetype`) reach a sink there: not kept for the callers (w102)
    if (origin.headers) continue;
    if (origin.param !== undefined)
      addSummarySink({
        it,
        param: origin.param,
        matcher,
        line,
        column,
        built: !!taint?.built,
        password: !!taint?.password,
        undone: undoneFor(taint, origin.param),
        decoded: decodedFor(taint, origin.param),
      });
    else if (origin.field)
      it.fields.sink({ field: origin.field, matcher, line, column, built: !!taint?.built });
    else if (it.reporting) it.matches.push({ matcher, line, column, origin });
  }
}

/** A parameter of the running function reaches a sink: kept in its summary for its callers. */
export function addSummarySink({
  it,
  param,
  matcher,
  line,
  column,
  built,
  password = false,
  undone = false,
  decoded = false,
}: {
  it: Interpreter;
  param: number;
  matcher: CompiledMatcher;
  line: number;
  column: number;
  built: boolean;
  password?: boolean;
  /** an escape was undone on the way (`Taint.undone`) */
  undone?: boolean;
  /** the data was URL-decoded on the way (`Taint.decodedParams`) */
  decoded?: boolean;
}): void {
  const sinks = it.frame.summary.sinks;
  const known = sinks.find((sink) => sink.param === param && sink.matcher === matcher && sink.line === line);
  if (known) {
    known.built ||= built;
    if (password) known.password = true;
    if (undone) known.undone = true;
    if (decoded) known.decoded = true;
  } else
    sinks.push({
      param,
      matcher,
      line,
      column,
      built,
      ...(password ? { password } : {}),
      ...(undone ? { undone } : {}),
      ...(decoded ? { decoded } : {}),
    });
}

/** Sinks on an assignment's target (`el.innerHTML = x`, `obj[key] = value` in a merge). */
export function assignmentSinks({
  it,
  target,
  paths,
  value,
  key,
  objectNode,
}: {
  it: Interpreter;
  target: SyntaxNode;
  paths: string[];
  value: Value;
  key: Value | undefined;
  objectNode: SyntaxNode | null;
}): void {
  for (let matcher of it.rules.assigns.match(paths).sinks) {
    if (matchesAny(matcher.assignNot, paths)) continue;
    if (matcher.keyConstNot && typeof key?.constant === 'string' && matcher.keyConstNot.test(key.constant))
      continue;
    if (matcher.keyConst && !(typeof key?.constant === 'string' && matcher.keyConst.test(key.constant)))
      continue;
    // `resp.headers[name] = json.dumps(v)`, `name` no constant: it may be `Set-Cookie` (review r24)
    if (matcher.keyConstNot && matcher.rule.clearedByJson && typeof key?.constant !== 'string')
      matcher = nameUnseen(matcher);
    if (matcher.spec.password && !passwordData(value.taint)) continue;
    if (matcher.spec.computedKey) {
      const nested = objectNode?.type === 'subscript_expression' || objectNode?.type === 'subscript';
      if (!key || !(nested || (it.frame.fn && isRecursive(it.frame.fn)))) continue;
      sinkHit({ it, matcher, taint: key.taint, node: target });
    } else sinkHit({ it, matcher, taint: value.taint, node: target });
  }
}

/** Patterns on an assignment (`DEBUG = True`, `password = "…"`), by the name assigned. */
export function assignmentPatterns({
  it,
  target,
  name,
  value,
  valueNode,
  paths = [name],
  only,
}: {
  it: Interpreter;
  target: SyntaxNode;
  name: string;
  value: Value;
  valueNode: SyntaxNode | null;
  paths?: string[];
  only?: (matcher: CompiledMatcher) => boolean;
}): void {
  const targets = paths.includes(name) ? paths : [...paths, name];
  for (const matcher of it.rules.assigns.match(targets).patterns) {
    if (only && !only(matcher)) continue;
    const spec = matcher.spec;
    if (spec.topLevel && it.frame.fn) continue;
    if (matchesAny(matcher.assignNot, targets)) continue;
    if (matcher.pathMatches && !matcher.pathMatches.test(it.file)) continue;
    if (matcher.pathNot?.test(it.file)) continue;
    if (spec.valueConst && !(value.known && spec.valueConst.includes(value.constant ?? null))) continue;
    if (spec.valueSecretString && !isSecretLiteral(value, valueNode)) continue;
    if (
      matcher.valueConstPattern &&
      !assembledMatch({ it, pattern: matcher.valueConstPattern, value, severity: matcher.rule.severity })
    )
      continue;
    if (matcher.valueText && !matcher.valueText.test(valueNode?.text ?? '')) continue;
    if (matcher.valuePath && !matchesAny(matcher.valuePath, [value.path, value.rawPath])) continue;
    if (matcher.context && !matcher.context.test(name)) continue;
    if (matcher.contextNot?.test(name)) continue;
    report(it, matcher, target);
  }
}

/**
 * Whether a value folded to a string constant matches `pattern` with text the secret detector does not
 * already report, as that exact text, at `severity` or higher: `"Bearer " + KEY` with `KEY = "sk_live_…"`
 * written out is the literal's use (`secret.stripe-key` reports the literal), not a key put together from
 * pieces. Text merely written somewhere (a comment, a longer string, a `pk_` or `sk_test_` key, a short or
 * placeholder-looking one) is no reason to stay quiet (issue 59).
 */
function assembledMatch({
  it,
  pattern,
  value,
  severity,
}: {
  it: Interpreter;
  pattern: RegExp;
  value: Value;
  severity: Severity;
}): boolean {
  if (!value.known || typeof value.constant !== 'string') return false;
  const match = pattern.exec(value.constant);
  if (match === null) return false;
  const reported = reportedSecrets(it).get(match[0]);
  return reported === undefined || reported < SEVERITY_ORDER[severity];
}

/** per file, the texts `findSecrets` reports, with the highest severity of each (found once, when first asked) */
const secretsByFile = new WeakMap<Interpreter, Map<string, number>>();

function reportedSecrets(it: Interpreter): Map<string, number> {
  let reported = secretsByFile.get(it);
  if (!reported) {
    reported = new Map();
    for (const found of findSecrets(it.text)) {
      const text = it.text.slice(found.start, found.end);
      reported.set(text, Math.max(reported.get(text) ?? -1, SEVERITY_ORDER[found.severity]));
    }
    secretsByFile.set(it, reported);
  }
  return reported;
}

/** A value given under a name: a keyword argument, a property or a dict entry (`node` holds the pair). */
export interface NamedValue {
  it: Interpreter;
  node: SyntaxNode;
  name: string;
  value: Value;
  valueNode: SyntaxNode;
}

/**
 * A credential written into a keyword argument or an option (`aws_secret_access_key="…"`, `{ apiKey: "…" }`):
 * the assignment patterns that look for secret literals, tried by the keyword's name. Not in tests, and only
 * values that look made to be secret, as for object literals.
 */
export function keywordPatterns(named: NamedValue): void {
  const { it, name, value } = named;
  const text = value.known && typeof value.constant === 'string' ? value.constant : '';
  if (!name || isTestFile(it.file)) return;
  const generated = looksGenerated(text);
  namedValuePatterns(
    named,
    (matcher) =>
      (!!matcher.spec.valueSecretString && generated) || (!!matcher.valueText && !!matcher.spec.assign),
  );
}

/** The assignment patterns `only` keeps, tried on a value given under a name, by that name. */
export function namedValuePatterns(
  { it, node, name, value, valueNode }: NamedValue,
  only: (matcher: CompiledMatcher) => boolean,
): void {
  assignmentPatterns({ it, target: node, name, value, valueNode, paths: [name], only });
}

/**
 * A value folded from pieces into a constant (`a + b + c`, `"".join([a, b, c])`) put in a property, a dict
 * entry or a keyword argument (`{ apiKey: a + b + c }`, `StripeClient(api_key=…)`): the assignment patterns
 * that test a folded constant (`valueConstPattern`: a key assembled from pieces), tried by its name. A plain
 * string literal is left to the credential patterns.
 */
export function foldedValuePatterns(named: NamedValue): void {
  const { name, value, valueNode } = named;
  if (
    !name ||
    !value.known ||
    typeof value.constant !== 'string' ||
    (valueNode.type === 'string' && !valueNode.namedChildren.some((child) => child.type === 'interpolation'))
  )
    return;
  namedValuePatterns(named, (matcher) => !!matcher.valueConstPattern);
}

/** Patterns on an object literal's property (`rejectUnauthorized: false`, `checkServerIdentity: () => undefined`). */
export function propertyPatterns({ it, node, name, value, valueNode }: NamedValue): void {
  for (const matcher of it.rules.propertyPatterns) {
    const spec = matcher.spec;
    if (!matcher.assign?.test(name)) continue;
    if (matcher.pathNot?.test(it.file)) continue;
    if (spec.valueConst && !(value.known && spec.valueConst.includes(value.constant ?? null))) continue;
    if (matcher.valueText && !matcher.valueText.test(valueNode.text)) continue;
    report(it, matcher, node);
  }
}

/** `password == "Adm1n!"`: patterns on an equality test of a named value against a literal. */
export function comparePatterns({
  it,
  node,
  other,
  literal,
}: {
  it: Interpreter;
  node: SyntaxNode;
  other: SyntaxNode;
  literal: Value;
}): void {
  if (!it.reporting || it.rules.comparePatterns.length === 0) return;
  const site: CallSite = {
    paths: [],
    args: [literal],
    keywords: new Map(),
    hasSpread: false,
    context: lastName(other) ?? other.text,
    file: it.file,
    topLevel: !it.frame.fn,
    fileCode: it.fileCode,
    project: it.project,
  };
  for (const matcher of it.rules.comparePatterns)
    if (conditionsHold(matcher, site)) report(it, matcher, node);
}

/** An equality test (`node`) of two sides. */
export interface Comparison {
  it: Interpreter;
  node: SyntaxNode;
  left: SyntaxNode;
  right: SyntaxNode;
}

/**
 * `digest == signature`: patterns on an equality test of two computed values. Either side's name (its
 * last name, or the method of a call: `hexdigest`) is the context; one report per comparison.
 */
export function secretComparePatterns({ it, node, left, right }: Comparison): void {
  if (!it.reporting) return;
  const name = (side: SyntaxNode) => {
    const callee =
      side.type === 'call' || side.type === 'call_expression' ? side.childForFieldName('function') : side;
    return callee ? (lastName(callee) ?? callee.text) : side.text;
  };
  for (const matcher of it.rules.secretComparePatterns) {
    const holds = [left, right].some((side) =>
      conditionsHold(matcher, {
        paths: [],
        args: [],
        keywords: new Map(),
        hasSpread: false,
        context: name(side),
        file: it.file,
        topLevel: !it.frame.fn,
        fileCode: it.fileCode,
        project: it.project,
      }),
    );
    if (holds) report(it, matcher, node);
  }
}

/** `"x" * n`, `[0] * n`, `"-".repeat(n)` through the rules: the count of a repetition. */
export function repeatSinks(it: Interpreter, count: Taint | undefined, node: SyntaxNode): void {
  for (const matcher of it.rules.repeatSinks) sinkHit({ it, matcher, taint: count, node });
}

/** `for (let i = 0; i < n; i++)`, `while i < n:`: the bound of a loop. */
export function loopSinks(it: Interpreter, bound: Taint | undefined, node: SyntaxNode): void {
  for (const matcher of it.rules.loopSinks) sinkHit({ it, matcher, taint: bound, node });
}

/**
 * What a web handler returns is its response (`return str(e), 500`, `return {"env": dict(os.environ)}`):
 * taint sinks, and patterns on the returned expression's text.
 */
export function responseReturn({
  it,
  value,
  node,
  expression,
}: {
  it: Interpreter;
  value: Value;
  node: SyntaxNode;
  expression: SyntaxNode | undefined;
}): void {
  for (const matcher of it.rules.responseSinks) sinkHit({ it, matcher, taint: value.taint, node });
  if (!it.reporting || !expression) return;
  for (const matcher of it.rules.responsePatterns) {
    if (matcher.pathNot?.test(it.file)) continue;
    if (matcher.valueText && !matcher.valueText.test(expression.text)) continue;
    report(it, matcher, node);
  }
}

/**
 * Flask's `return body, status, headers` and `return body, headers` from a web handler: the headers (a dict or a
 * list of pairs; a second element that is neither is the status) go to the header rules (`returnedHeaders`).
 */
export function returnedHeaders(it: Interpreter, value: Value, node: SyntaxNode): void {
  const parts = returnedTuple(it, value, node);
  if (!parts) return;
  const headers = parts[parts.length - 1];
  // a 3-tuple's third element is always the headers; a 2-tuple's second, when it is no status
  const status = parts.length === 3 || (!isContainer(headers) && !madeDict(headers)) ? parts[1] : undefined;
  // the status line is no page, but what the client is told: data there is the header rules' (entries of no
  // dict: only the rule for any header, not Location's nor CORS's)
  for (const matcher of it.rules.returnedHeaderSinks) {
    if (status) sinkHit({ it, matcher, taint: entries(status, matcher)?.taint, node });
    if (status !== headers) sinkHit({ it, matcher, taint: entries(headers, matcher)?.taint, node });
  }
}

/** A string literal (not a name or an expression) that looks like a real credential. */
function isSecretLiteral(value: Value, valueNode: SyntaxNode | null): boolean {
  if (!value.known || typeof value.constant !== 'string') return false;
  if (valueNode && valueNode.type !== 'string') return false;
  return isCredentialLiteral(value.constant);
}

/** `assert user.is_admin`: patterns on an assertion's condition. */
export function assertionPatterns(it: Interpreter, condition: SyntaxNode, node: SyntaxNode): void {
  for (const matcher of it.rules.patterns) {
    if (!matcher.assertion) continue;
    if (matcher.pathNot?.test(it.file)) continue;
    if (matcher.assertion.test(condition.text)) report(it, matcher, node);
  }
}

/**
 * The page a route that renders HTML returns (Flask `return f"<p>{name}</p>"`), and the headers returned with it
 * (`return body, 200, {"Content-Type": "application/json"}`): a matcher's `entryConstNot` reads those.
 */
export function routeReturnSinks({
  it,
  body,
  headers,
  node,
}: {
  it: Interpreter;
  body: Value;
  headers: Value | undefined;
  node: SyntaxNode;
}): void {
  // Only the route's own return is its response: a helper or lambda defined in it and run in place returns
  // to its caller, which may return that value (then it is reported there) or send it as JSON.
  if (it.running.at(-1) !== it.frame.fn?.node) return;
  // A dict literal is no page: Flask (1.1+) sends it as JSON, Starlette and Sanic refuse it. Not with headers
  // returned beside it (they may set the Content-Type the JSON text is sent as), not a list, and not when a file
  // of the scan changes the type JSON is sent as or retypes every response (`app.json.mimetype = "text/html"`,
  // an `@app.after_request` hook: JSON_RETYPED; review r22). Issue 59, round 9.
  if (
    body.container &&
    !body.elements &&
    headers === undefined &&
    !JSON_RETYPED.test(it.fileCode()) &&
    !JSON_RETYPED.test(it.project)
  )
    return;
  for (const matcher of it.rules.sinks) {
    if (!matcher.spec.routeReturn) continue;
    const declared = Object.values(matcher.spec.entryConstNot ?? {});
    if (declared.some((expected) => declares(headers, expected))) continue;
    sinkHit({ it, matcher, taint: body.taint, node });
  }
}

/** JSX attributes that are sinks (`dangerouslySetInnerHTML={…}`); children are evaluated for their own sinks. */
export function jsxSinks(it: Interpreter, node: SyntaxNode): void {
  const opening = node.type === 'jsx_element' ? node.namedChildren[0] : node;
  const props = new Map<string, Value>();
  for (const attribute of opening?.namedChildren ?? []) {
    if (attribute.type !== 'jsx_attribute') continue;
    const name = attribute.namedChildren[0]?.text;
    const valueNode = attribute.namedChildren[1];
    const value = valueNode ? it.expr(valueNode) : CLEAN;
    if (name) props.set(name.toLowerCase(), value);
    for (const matcher of it.rules.sinks) {
      if (matcher.spec.jsxAttribute !== name) continue;
      if (matcher.jsxElementNot?.test(opening?.text ?? '')) continue;
      sinkHit({ it, matcher, taint: value.taint, node: attribute });
    }
  }
  // `<ResultItem item={x} />` calls the component ResultItem of this file with its props.
  const component = opening?.namedChildren[0];
  if (component?.type === 'identifier' && /^[A-Z]/.test(component.text)) it.jsxCall(component, node, props);
  if (node.type === 'jsx_element')
    for (const child of node.namedChildren.slice(1)) if (child.type !== 'jsx_closing_element') it.expr(child);
}

/** Patterns on a regular expression literal (ReDoS). */
export function regexLiteralPatterns(it: Interpreter, node: SyntaxNode): void {
  const pattern = node.childForFieldName('pattern')?.text ?? '';
  for (const matcher of it.rules.patterns) {
    if (!matcher.spec.regexLiteral) continue;
    const site: CallSite = {
      paths: [],
      args: [{ known: true, constant: pattern }],
      keywords: new Map(),
      hasSpread: false,
      file: it.file,
      topLevel: !it.frame.fn,
    };
    if (conditionsHold(matcher, site)) report(it, matcher, node);
  }
}

const recursion = new WeakMap<FunctionDef, boolean>();

/** Whether a function calls itself (a recursive merge is how prototype pollution usually happens). */
function isRecursive(fn: FunctionDef): boolean {
  let known = recursion.get(fn);
  if (known === undefined) {
    known =
      fn.name.length > 1 &&
      !!fn.body &&
      new RegExp(`\\b${fn.name.replace(/\$/g, '\\$')}\\s*\\(`).test(fn.body.text);
    recursion.set(fn, known);
  }
  return known;
}

/**
 * Patterns over a string literal's text (`v-html="…"` in a Vue template string, `<%- … %>` in an EJS
 * one), each reported on the line where it matches.
 */
export function stringPatterns(it: Interpreter, node: SyntaxNode, text: string): void {
  if (!it.reporting) return;
  for (const matcher of it.rules.stringPatterns) {
    if (matcher.pathNot?.test(it.file)) continue;
    const regex = matcher.stringPattern!;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      const offset = node.text.indexOf(text) + match.index;
      const before = node.text.slice(0, Math.max(0, offset));
      const newlines = before.split('\n').length - 1;
      const column =
        newlines === 0 ? node.startPosition.column + offset + 1 : offset - before.lastIndexOf('\n');
      it.matches.push({ matcher, line: node.startPosition.row + 1 + newlines, column });
      if (match[0].length === 0) regex.lastIndex++;
    }
  }
}
