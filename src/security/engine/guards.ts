import { fileBindings } from './file-bindings.js';
import { fixOrigin } from './fixed-origin.js';
import { guardHeld } from './held-checks.js';
import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { unnamedTexts, unparenthesized } from './syntax-nodes.js';
import { clearTaint, liveOrigins, type Value } from './taint.js';
import { fixesHost, fixesHostName } from './url-allow-list.js';

/**
 * Conditions that sanitise: inside `if x in ALLOWED:` (or after `if x not in ALLOWED: return`) `x` is
 * one of a known set; after `if not full.startswith(ROOT): abort()` a normalised path is contained.
 * `positive` says whether the condition is known true (then-branch) or false (else-branch / after an
 * early exit).
 */
export function applyGuard(interpreter: Interpreter, condition: SyntaxNode, positive: boolean): void {
  // Semgrep's taint mode knows no guard: a team's taint rule says itself what sanitises (range-taint.ts).
  if (interpreter.ranges) return;
  switch (condition.type) {
    case 'parenthesized_expression': {
      const inner = unparenthesized(condition);
      if (inner !== condition) applyGuard(interpreter, inner, positive);
      return;
    }
    case 'not_operator': {
      const inner = condition.childForFieldName('argument') ?? condition.namedChildren[0];
      if (inner) applyGuard(interpreter, inner, !positive);
      return;
    }
    case 'unary_expression': {
      if (condition.children[0]?.text !== '!') return;
      const inner = condition.childForFieldName('argument');
      if (inner) applyGuard(interpreter, inner, !positive);
      return;
    }
    case 'boolean_operator':
    case 'binary_expression': {
      const operator = condition.childForFieldName('operator')?.text ?? condition.children[1]?.text;
      const left = condition.childForFieldName('left');
      const right = condition.childForFieldName('right');
      if (!left || !right) return;
      if ((operator === 'and' || operator === '&&') && positive) {
        applyGuard(interpreter, left, true);
        applyGuard(interpreter, right, true);
        // `x.startsWith('/') && !x.startsWith('//')`: a path on this site.
        const terms = conjuncts(condition);
        for (const term of terms) {
          if (!/^['"`]\/['"`]$/.test(prefixArgument(term, false) ?? '')) continue;
          const target = prefixTarget(term);
          const other = terms.some(
            (next) =>
              /^['"`]\/\/['"`]$/.test(prefixArgument(next, true) ?? '') &&
              prefixTarget(next)?.text === target?.text,
          );
          if (target && other) clean({ interpreter, node: target, ruleIds: ['open-redirect'] });
        }
        return;
      }
      if ((operator === 'or' || operator === '||') && !positive) {
        applyGuard(interpreter, left, false);
        applyGuard(interpreter, right, false);
        return;
      }
      // `if x and not is_safe(x): x = "/"`: when the condition is false, x is empty or safe; an empty
      // value carries nothing, so either way x is clean past the guard.
      if ((operator === 'and' || operator === '&&') && !positive) {
        const target = guardedArgument(right);
        if (target && falsyWith(left).has(target)) applyGuard(interpreter, right, false);
        return;
      }
      if (operator === '===' || operator === '==') equality({ interpreter, left, right, equal: positive });
      if (operator === '!==' || operator === '!=') equality({ interpreter, left, right, equal: !positive });
      if (operator && RELATIONAL.test(operator)) upperBound({ interpreter, left, operator, right, positive });
      if (operator && passes(operator, positive)) typeChecked(interpreter, condition);
      return;
    }
    case 'comparison_operator': {
      const [left, right] = condition.namedChildren;
      const operators = unnamedTexts(condition);
      const operator = operators.join(' ');
      if (!left || !right) return;
      // `1 <= n <= 100`, known true: each pair holds.
      if (condition.namedChildren.length > 2) {
        if (positive)
          for (const [index, one] of operators.entries())
            upperBound({
              interpreter,
              left: condition.namedChildren[index]!,
              operator: one,
              right: condition.namedChildren[index + 1]!,
              positive: true,
            });
        return;
      }
      if (operator === '==' || operator === 'is') equality({ interpreter, left, right, equal: positive });
      else if (operator === '!=' || operator === 'is not')
        equality({ interpreter, left, right, equal: !positive });
      else if (operator === 'in') membership({ interpreter, left, right, inside: positive });
      else if (operator === 'not in') membership({ interpreter, left, right, inside: !positive });
      else if (RELATIONAL.test(operator)) upperBound({ interpreter, left, operator, right, positive });
      if (passes(operator, positive)) typeChecked(interpreter, condition);
      return;
    }
    case 'identifier': {
      // `url_is_safe` bound to a check earlier: the check itself, while what it read is unchanged.
      guardHeld(interpreter, condition, (held) => applyGuard(interpreter, held, positive));
      return;
    }
    case 'attribute':
    case 'member_expression':
      // `err.expose ? err.message : …`: http-errors marks the messages written for the client.
      if (positive) exposable(interpreter, condition);
      return;
    case 'call':
    case 'call_expression':
      if (positive) {
        validatorCall(interpreter, condition);
        typeChecked(interpreter, condition);
      } else denyCall(interpreter, condition);
      return;
    default:
  }
}

const RELATIONAL = /^(?:<|<=|>|>=)$/;

/** Whether a comparison with `operator`, known `positive`, says the value passed (is in, is equal). */
function passes(operator: string, positive: boolean): boolean {
  if (/^(?:==|===|in|is)$/.test(operator)) return positive;
  if (/^(?:!=|!==|not in|is not)$/.test(operator)) return !positive;
  return false;
}

/**
 * `n <= MAX`, `size > LIMIT` known false, `count < 100`: a value bounded from above by something the
 * attacker does not choose is no longer unbounded (rules with `numbers`).
 */
function upperBound({
  interpreter,
  left,
  operator,
  right,
  positive,
}: {
  interpreter: Interpreter;
  left: SyntaxNode;
  operator: string;
  right: SyntaxNode;
  positive: boolean;
}): void {
  if (interpreter.rules.numericRules.length === 0) return;
  const leftBelow = (operator === '<' || operator === '<=') === positive;
  const [target, bound] = leftBelow ? [left, right] : [right, left];
  if (!isTarget(target) || !interpreter.lookup(target.text)?.taint) return;
  if (fromAttacker(interpreter, interpreter.expr(bound))) return;
  clean({ interpreter, node: target, ruleIds: [...interpreter.rules.numericRules] });
}

/** Words that say a check looks at what kind of file an upload is: its extension, suffix or media type. */
const FILE_TYPE =
  /(?<![A-Za-z])(?:ext|extension|suffix|mime|mimetype|mime_type|content_type|filetype|file_type)(?![a-z])|[a-z](?:Ext|Extension|Suffix|Mime|MimeType|ContentType|FileType)(?![a-z])|contentType|allowed_file|\.(?:endswith|endsWith)\(|splitext|extname|\.(?:png|jpe?g|gif|pdf|csv|txt|webp|docx?)\b/;

/**
 * An upload whose extension or media type passed a check (`allowed_file(f.filename)`, `ext in ALLOWED`,
 * `file.mimetype in TYPES`, `TYPES.has(file.mimetype)`) is no longer unrestricted: every value in scope
 * is cleared for the upload rule past it.
 */
function typeChecked(interpreter: Interpreter, condition: SyntaxNode): void {
  if (!interpreter.uploads || !FILE_TYPE.test(condition.text)) return;
  const scope = interpreter.frame.scope;
  for (const [name, value] of scope)
    if (value.taint || value.path)
      scope.set(name, { ...value, taint: clearTaint(value.taint, [UPLOAD]), kindChecked: true });
}

const UPLOAD = 'unrestricted-upload';

/** `err.expose`: the error's message was written to be shown (http-errors' 4xx); cleared for exposure rules. */
function exposable(interpreter: Interpreter, condition: SyntaxNode): void {
  const property = (condition.childForFieldName('property') ?? condition.childForFieldName('attribute'))
    ?.text;
  const object = condition.childForFieldName('object');
  const source = interpreter.rules.exceptionSource;
  if (property !== 'expose' || !object || !source) return;
  clean({ interpreter, node: object, ruleIds: [...(interpreter.rules.scopedRules.get(source.label) ?? [])] });
}

/** The terms of `a && b && c` (or `and`), parentheses removed. */
function conjuncts(parenthesized: SyntaxNode): SyntaxNode[] {
  const node = unparenthesized(parenthesized);
  if (node.type === 'boolean_operator' || node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator')?.text ?? node.children[1]?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if ((operator === '&&' || operator === 'and') && left && right)
      return [...conjuncts(left), ...conjuncts(right)];
  }
  return [node];
}

/** The argument of a (negated when `negated`) `x.startsWith(…)` call, as written. */
function prefixArgument(node: SyntaxNode, negated: boolean): string | undefined {
  let call: SyntaxNode | undefined = node;
  if (negated) {
    if (node.type === 'unary_expression' && node.children[0]?.text === '!')
      call = node.childForFieldName('argument') ?? undefined;
    else if (node.type === 'not_operator') call = node.childForFieldName('argument') ?? undefined;
    else return undefined;
  }
  if (!call || (call.type !== 'call' && call.type !== 'call_expression')) return undefined;
  const callee = call.childForFieldName('function');
  const method = (callee?.childForFieldName('attribute') ?? callee?.childForFieldName('property'))?.text;
  if (!method || !/^(?:startsWith|startswith)$/.test(method)) return undefined;
  return call.childForFieldName('arguments')?.namedChildren[0]?.text;
}

/** The receiver of the `startsWith` call in `node` (negated or not). */
function prefixTarget(node: SyntaxNode): SyntaxNode | undefined {
  const call =
    node.type === 'unary_expression' || node.type === 'not_operator'
      ? (node.childForFieldName('argument') ?? undefined)
      : node;
  return call?.childForFieldName('function')?.childForFieldName('object') ?? undefined;
}

/** The names that are falsy whenever `node` is (`x`, `x or y`, `(x)`). */
function falsyWith(parenthesized: SyntaxNode): Set<string> {
  const node = unparenthesized(parenthesized);
  if (isTarget(node)) return new Set([node.text]);
  if (node.type === 'boolean_operator' || node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator')?.text ?? node.children[1]?.text;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if ((operator === 'or' || operator === '||') && left && right)
      return new Set([...falsyWith(left), ...falsyWith(right)]);
  }
  return new Set();
}

/** The variable a negated validator call checks (`not is_safe(x, …)`, `!isSafe(x)`), if any. */
function guardedArgument(node: SyntaxNode): string | undefined {
  let current: SyntaxNode | undefined = node;
  let negated = false;
  for (;;) {
    if (!current) return undefined;
    if (current.type === 'parenthesized_expression') {
      const inner = unparenthesized(current);
      current = inner === current ? undefined : inner;
    } else if (current.type === 'not_operator') {
      negated = !negated;
      current = current.childForFieldName('argument') ?? current.namedChildren[0];
    } else if (current.type === 'unary_expression' && current.children[0]?.text === '!') {
      negated = !negated;
      current = current.childForFieldName('argument') ?? undefined;
    } else break;
  }
  if (!negated || (current.type !== 'call' && current.type !== 'call_expression')) return undefined;
  const first = current.childForFieldName('arguments')?.namedChildren[0];
  const value = first?.type === 'keyword_argument' ? first.childForFieldName('value') : first;
  return value && isTarget(value) ? value.text : undefined;
}

const isLiteral = (node: SyntaxNode) =>
  /^(?:string|integer|float|number|true|false|none|null)$/.test(node.type);
const isTarget = (node: SyntaxNode) => /^(?:identifier|attribute|member_expression)$/.test(node.type);
const DANGEROUS_KEYS = /^['"`]?(?:__proto__|constructor|prototype)['"`]?$/;

function clean({
  interpreter,
  node,
  ruleIds,
  inert = false,
}: {
  interpreter: Interpreter;
  node: SyntaxNode;
  ruleIds?: string[];
  inert?: boolean;
}): void {
  // `LOCALES.includes(requested as Locale)`, `check(x!)`, `(x)`: the value checked is inside.
  while (
    /^(?:as_expression|non_null_expression|parenthesized_expression|satisfies_expression|type_assertion)$/.test(
      node.type,
    )
  ) {
    const inner = node.namedChildren[0];
    if (!inner) return;
    node = inner;
  }
  if (!isTarget(node)) return;
  const value = interpreter.lookup(node.text) ?? interpreter.expr(node);
  if (!value.taint && !(inert && !value.known)) return;
  interpreter.setVariable(node.text, {
    ...value,
    taint: value.taint && ruleIds ? clearTaint(value.taint, ruleIds) : undefined,
    ...(inert && !value.known ? { inert: true } : {}),
  });
}

/**
 * `host in ALLOWED`, `HOSTS.fullmatch(host)` with `host = urlparse(url).hostname`: the URL the host was
 * read from goes where the check allows.
 */
function cleanHostOf(interpreter: Interpreter, node: SyntaxNode): void {
  if (!isTarget(node)) return;
  const url = interpreter.lookup(node.text)?.hostOf;
  const value = url ? interpreter.lookup(url) : undefined;
  if (url && value?.taint)
    interpreter.setVariable(url, {
      ...value,
      taint: clearTaint(value.taint, ['ssrf', 'partial-ssrf', 'open-redirect']),
    });
}

/**
 * Data from the operator's own configuration (environment variables, argv, local files) — an allow-list
 * read from `TRUSTED_ORIGINS` is still an allow-list; only data an attacker can send disqualifies one.
 */
function fromAttacker(interpreter: Interpreter, value: Value): boolean {
  if (!value.taint) return false;
  return value.taint.origins.some(
    (origin) => origin.source === undefined || !interpreter.rules.localSources.has(origin.source),
  );
}

/**
 * An anchored pattern (`^…$`) with no wildcard, negated class or `\S`/`\W`/`\D`, and no markup, quote or
 * bracket characters in its classes: what passes it is a closed format (a hex colour, a slug, digits).
 */
function closedFormat(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  const inner = pattern.slice(1, -1);
  if (/(?:^|[^\\])\.|\\[SWD]|\[\^/.test(inner)) return false;
  // What is left once escapes are read as the characters they stand for: none may open markup or code.
  return !/[<>"'`;&]/.test(inner.replace(/\\(.)/g, '$1'));
}

/**
 * `^/[^/\\]`, `^/(?![/\\])`: a path on this site and no `//host` or `/\\host` — a relative redirect.
 */
const RELATIVE_PATH =
  /^\^(?:\\\/|\/)(?:\[\^(?:\\\/|\/)(?:\\\\)+\]|\(\?!\[(?:\\\/|\/)(?:\\\\)+\]\)|\(\?!(?:\\\/|\/)\))/;

/**
 * `parsed.hostname in ALLOWED` or `urlparse(src).netloc == "api.example.com"`, known true: the URL the host
 * was parsed from goes where the check allows, so it is cleared for SSRF and open redirect.
 */
function hostChecked(interpreter: Interpreter, node: SyntaxNode): void {
  const property = (node.childForFieldName('attribute') ?? node.childForFieldName('property'))?.text;
  const object = node.childForFieldName('object');
  if (!object || !property || !/^(?:hostname|netloc|host|origin)$/.test(property)) return;
  let url: string | undefined;
  if (object.type === 'identifier') url = interpreter.lookup(object.text)?.urlOf;
  else if (object.type === 'call' || object.type === 'call_expression' || object.type === 'new_expression')
    url = interpreter.expr(object).urlOf;
  // `target.origin === APP_ORIGIN ? target.href : …`: the parsed URL itself is checked too.
  if (object.type === 'identifier')
    clean({ interpreter, node: object, ruleIds: ['ssrf', 'partial-ssrf', 'open-redirect'] });
  if (!url) return;
  const value = interpreter.lookup(url);
  if (value?.taint)
    interpreter.setVariable(url, {
      ...value,
      taint: clearTaint(value.taint, ['ssrf', 'partial-ssrf', 'open-redirect']),
    });
}

function equality({
  interpreter,
  left,
  right,
  equal,
}: {
  interpreter: Interpreter;
  left: SyntaxNode;
  right: SyntaxNode;
  equal: boolean;
}): void {
  // A name holding a constant (`APP_ORIGIN`) compares like the literal it holds.
  // So does the page's own origin (`window.location.origin`).
  const constant = (node: SyntaxNode) =>
    isLiteral(node) ||
    (node.type === 'identifier' && interpreter.lookup(node.text)?.known === true) ||
    OWN_ORIGIN.test(node.text);
  if (equal) contained(interpreter, left, right) || contained(interpreter, right, left);
  // `dest.origin === APP_ORIGIN` with `APP_ORIGIN` read from the environment: the operator's origin.
  const operators = (node: SyntaxNode) =>
    constant(node) || (isTarget(node) && !fromAttacker(interpreter, interpreter.expr(node)));
  if (equal && operators(right)) hostChecked(interpreter, left);
  else if (equal && operators(left)) hostChecked(interpreter, right);
  const [target, literal] = constant(right)
    ? [left, right]
    : constant(left)
      ? [right, left]
      : [undefined, undefined];
  if (!target || !literal) return;
  if (equal) cleanHostOf(interpreter, target);
  if (equal) clean({ interpreter, node: target });
  else if (DANGEROUS_KEYS.test(literal.text))
    clean({ interpreter, node: target, ruleIds: ['prototype-pollution'] });
}

const OWN_ORIGIN = /^(?:window\.|self\.|globalThis\.|document\.)?location\.origin$/;

/**
 * `os.path.commonpath([base, full]) == base` or `resolved.parent == EXPORTS` (known true): the normalised
 * path lies inside the base. Returns whether the comparison was such a check.
 */
function contained(interpreter: Interpreter, check: SyntaxNode, base: SyntaxNode): boolean {
  if (base.type !== 'identifier' && base.type !== 'attribute' && base.type !== 'string') return false;
  if (check.type === 'call') {
    const callee = check.childForFieldName('function')?.text ?? '';
    if (!/(?:^|\.)(?:commonpath|commonprefix)$/.test(callee)) return false;
    const list = check.childForFieldName('arguments')?.namedChildren[0];
    if (!list || !/^(?:list|tuple)$/.test(list.type)) return false;
    for (const item of list.namedChildren)
      if (item.text !== base.text && interpreter.lookup(item.text)?.taint?.normalized)
        clean({ interpreter, node: item, ruleIds: ['path-traversal'] });
    return true;
  }
  if (check.type === 'attribute' && check.childForFieldName('attribute')?.text === 'parent') {
    const object = check.childForFieldName('object');
    if (object && interpreter.lookup(object.text)?.taint?.normalized)
      clean({ interpreter, node: object, ruleIds: ['path-traversal'] });
    return true;
  }
  return false;
}

/** `x in ALLOWED` (x is one of known values) or `'..' in x` (a deny check). */
function membership({
  interpreter,
  left,
  right,
  inside,
}: {
  interpreter: Interpreter;
  left: SyntaxNode;
  right: SyntaxNode;
  inside: boolean;
}): void {
  // `if base not in path.parents: abort()`: past it, `path` lies inside `base`.
  const parentsOf = right.type === 'attribute' && right.childForFieldName('attribute')?.text === 'parents';
  if (inside && parentsOf) {
    const object = right.childForFieldName('object');
    if (object) clean({ interpreter, node: object, ruleIds: ['path-traversal'] });
    return;
  }
  if (inside) hostChecked(interpreter, left);
  if (isLiteral(left)) {
    if (!inside && /\.\./.test(left.text)) clean({ interpreter, node: right, ruleIds: ['path-traversal'] });
    if (!inside && DANGEROUS_KEYS.test(left.text))
      clean({ interpreter, node: right, ruleIds: ['prototype-pollution'] });
    return;
  }
  const collection = interpreter.expr(right);
  if (fromAttacker(interpreter, collection)) return; // membership in attacker data proves nothing
  if (inside) cleanHostOf(interpreter, left);
  if (inside) clean({ interpreter, node: left });
  else if (holdsDangerousKeys(right, collection))
    clean({ interpreter, node: left, ruleIds: ['prototype-pollution'] });
}

/** A collection written out, or held in a name, that lists `__proto__` or `constructor`. */
function holdsDangerousKeys(node: SyntaxNode, collection: Value): boolean {
  if (/__proto__|constructor/.test(node.text)) return true;
  return (collection.elements ?? []).some(
    (element) => typeof element.constant === 'string' && /^(?:__proto__|constructor)$/.test(element.constant),
  );
}

const PREFIX_CHECK = /^(?:startswith|startsWith|is_relative_to)$/;

/**
 * The path a prefix check is of when it checks the path's text: `str(p)`, `os.fspath(p)` (one name, nothing
 * else passed) stand for `p` (`if not str(p).startswith(str(ROOT))` after `p = (ROOT / name).resolve()`),
 * when `str` is the built-in and `os` the module (review r10: a file that defines `str` or a class `os`
 * decides what the call returns).
 */
function pathText(interpreter: Interpreter, node: SyntaxNode): SyntaxNode {
  if (node.type !== 'call') return node;
  const args = node.childForFieldName('arguments')?.namedChildren ?? [];
  if (textConversion(interpreter, node) && args.length === 1 && args[0]!.type === 'identifier')
    return args[0]!;
  return node;
}

/** `str(…)` with the built-in `str`, or `os.fspath(…)` with the module `os` the file imports. */
function textConversion(interpreter: Interpreter, call: SyntaxNode): boolean {
  const callee = call.childForFieldName('function')?.text;
  if (callee === 'str') return unbound({ interpreter, call, name: 'str' });
  if (callee !== 'os.fspath') return false;
  // `os.fspath = lambda p: …` rebinds the function, not the module (review r19)
  return (
    interpreter.aliases.get('os') === 'os' &&
    unbound({ interpreter, call, name: 'os' }) &&
    !fileBindings(call).attributes.has('fspath')
  );
}

/**
 * Nothing but an import binds the name (`fileBindings`, from the syntax tree): no variable, parameter,
 * function or class of the file, no binding anywhere in it (`str = …`, `x = str = …`, `(str, y) = …`,
 * `for str in`, `as str`, `str :=`, `case str:`, `del str`, a `global str`; a module-level assignment after
 * the function counts at run time though the function is judged first), no import of `str` at all and none
 * of `os` but `import os`, and nothing that binds names unwritten (`import *`, `builtins`, `globals()`, `setattr`, `exec`) nor an
 * attribute of that name assigned (`builtins.str = …`). An annotation (`x: str = ""`), a keyword argument
 * (`f(str=1)`), a string or a comment is no binding of it.
 */
function unbound({
  interpreter,
  call,
  name,
}: {
  interpreter: Interpreter;
  call: SyntaxNode;
  name: string;
}): boolean {
  if (
    interpreter.lookup(name) !== undefined ||
    interpreter.functions.has(name) ||
    interpreter.classes.has(name)
  )
    return false;
  const file = fileBindings(call);
  if (file.dynamic || file.attributes.has(name)) return false;
  // the built-in `str` is bound by nothing at all; the module `os` by `import os` alone
  return (file.names.get(name) ?? []).every(
    (binding) => binding.kind === 'import' && binding.module === name && binding.imported === undefined,
  );
}

/**
 * A prefix that fixes a folder (review r10): no data from outside (the request's, a caller's), and a
 * non-empty constant other than `/` (`startswith("")` and `startswith("/")` hold for every resolved path),
 * or a path the code builds from no outside data (`str(ROOT)` with `ROOT = Path("/srv/files")`); every
 * element of a tuple so. Not seen: a path built from a constant `/` alone (`Path("/")` keeps no text).
 */
function fixedPrefix(interpreter: Interpreter, args: readonly SyntaxNode[]): boolean {
  if (args.length !== 1) return false;
  const prefix = args[0]!;
  const elements = prefix.type === 'tuple' ? prefix.namedChildren : [prefix];
  return elements.length > 0 && elements.every((element) => fixedElement(interpreter, element));
}

/** One prefix: see `fixedPrefix`; `BASE + os.sep` is fixed when `BASE` is (what follows only narrows it). */
function fixedElement(interpreter: Interpreter, element: SyntaxNode): boolean {
  const value = interpreter.expr(element);
  if (outsideFolder(interpreter, value)) return false;
  if (typeof value.constant === 'string') return !/^\/*$/.test(value.constant);
  if (
    (element.type === 'binary_operator' || element.type === 'binary_expression') &&
    element.childForFieldName('operator')?.text === '+'
  ) {
    const left = element.childForFieldName('left');
    return !!left && fixedElement(interpreter, left);
  }
  const inner =
    element.type === 'call' && textConversion(interpreter, element)
      ? pathText(interpreter, element)
      : element;
  const path = inner === element ? value : interpreter.expr(inner);
  return !outsideFolder(interpreter, path) && !path.known && PATH_VALUE.test(path.path ?? '');
}

/**
 * A prefix that may name any folder: it carries data a request or a caller sent that nothing reduced for
 * paths (`join(ROOT, request.args["team"])`, a parameter `base`). The operator's configuration (an
 * environment variable) and data cut to one component (`basename(name)`) still fix a folder.
 */
function outsideFolder(interpreter: Interpreter, value: Value): boolean {
  return liveOrigins({ taint: value.taint, ruleId: 'path-traversal' }).some(
    (origin) => origin.source === undefined || !interpreter.rules.localSources.has(origin.source),
  );
}
/** What a path constructor or `os.path`'s joining and normalising return. */
const PATH_VALUE =
  /^(?:pathlib\.)?(?:Pure)?(?:Posix|Windows)?Path\(\)|^os\.path\.(?:join|realpath|abspath|normpath|dirname)\(\)$|^(?:node:)?path\.(?:resolve|join|normalize|dirname)\(\)$|^fs\.realpathSync(?:\.native)?\(\)$/;
const FORMAT_CHECK = /^(?:isdigit|isnumeric|isdecimal|isalnum|isalpha|isidentifier|isascii)$/;
const VALIDATORS =
  /(?:^|\.)_?(?:is_(?:safe|local|internal|allowed|trusted)\w*|is(?:Safe|Local|Internal|Allowed|Trusted|Relative|SameOrigin|Whitelisted|Permitted)\w*|is_(?:relative|same_origin|whitelisted|permitted)\w*|isinstance|fullmatch|match|url_has_allowed_host_and_scheme|is_safe_url|isInteger|isSafeInteger|isFinite|isUUID|isAlphanumeric|isNumeric|isInt|isEmail|isURL|is_valid\w*|isValid\w*|validate\w*)$/;
const ALLOW_LIST = /^(?:includes|has|__contains__|contains)$/;

function validatorCall(interpreter: Interpreter, call: SyntaxNode): void {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (!callee) return;
  const method = (callee.childForFieldName('attribute') ?? callee.childForFieldName('property'))?.text;
  const object = callee.childForFieldName('object');
  if (method && object && PREFIX_CHECK.test(method)) {
    const path = pathText(interpreter, object);
    const value = interpreter.lookup(path.text);
    // A prefix check contains a path only after normalisation (`/srv/../etc` starts with `/srv/`), under a
    // fixed folder, and says nothing of what else the path may hold (`;`, `<`, a quote): path traversal only.
    if (value?.taint?.normalized) {
      if (fixedPrefix(interpreter, args)) clean({ interpreter, node: path, ruleIds: ['path-traversal'] });
    }
    // `startsWith('/')` lets `//evil.example` through: no proof of a same-site redirect on its own.
    else if (args.length === 1 && /^['"`]\/['"`]$/.test(args[0]!.text)) {
      clean({
        interpreter,
        node: object,
        ruleIds: ruleIdsExceptPath(interpreter).filter((id) => id !== 'open-redirect'),
      });
      slashCheck(interpreter, object, 'leadingSlash');
    } else {
      // `url.startswith("https://example.com/")`: a constant prefix that ends the host fixes where the URL
      // goes; `"https://example.com"` alone does not (`https://example.com.evil.net`).
      const redirects = ['open-redirect', 'ssrf', 'partial-ssrf'];
      clean({
        interpreter,
        node: object,
        ruleIds: ruleIdsExceptPath(interpreter).filter((id) => !redirects.includes(id)),
      });
      const prefix = interpreter.expr(args[0] ?? object);
      const checked = interpreter.lookup(object.text);
      if (args.length === 1 && typeof prefix.constant === 'string' && checked?.taint)
        interpreter.setVariable(object.text, {
          ...checked,
          taint: fixOrigin(checked.taint, prefix.constant),
        });
    }
    return;
  }
  if (method && object && FORMAT_CHECK.test(method)) {
    // a format says nothing of a number's size
    clean({ interpreter, node: object, ruleIds: [...interpreter.rules.numericCleared] });
    return;
  }
  if (method && object && ALLOW_LIST.test(method)) {
    if (!fromAttacker(interpreter, interpreter.expr(object)))
      for (const argument of args) {
        // `ALLOWED_HOSTS.has(target.hostname)`: the URL the host belongs to is checked too.
        hostChecked(interpreter, argument);
        cleanHostOf(interpreter, argument);
        clean({ interpreter, node: argument });
      }
    return;
  }
  if (method === 'test' && object) {
    // `/^…$/.test(x)`, or `ALLOWED.test(x)` with `ALLOWED = /^https:\/\/example\.com\//`
    const pattern =
      object.type === 'regex'
        ? (object.childForFieldName('pattern')?.text ?? '')
        : interpreter.expr(object).pattern;
    if (pattern !== undefined)
      for (const argument of args)
        regexChecked({ interpreter, checked: argument, pattern, anchored: false, wholeMatch: false });
    return;
  }
  // `re.match(PATTERN, x)`, `re.fullmatch(…)`, `re.search("^…", x)`, or a compiled pattern's `.match(x)`
  if (method && /^(?:match|fullmatch|search)$/.test(method)) {
    const module =
      object?.type === 'identifier' && /^(?:re|regex)$/.test(interpreter.aliases.get(object.text) ?? '');
    const target = module ? args[1] : args[0];
    const patternValue = module ? interpreter.expr(args[0]!) : object ? interpreter.expr(object) : undefined;
    const pattern = module
      ? typeof patternValue?.constant === 'string'
        ? patternValue.constant
        : undefined
      : patternValue?.pattern;
    const checked = target?.type === 'keyword_argument' ? target.childForFieldName('value') : target;
    if (!checked) return;
    if (pattern === undefined) {
      if (method !== 'search') clean({ interpreter, node: checked });
      return;
    }
    regexChecked({
      interpreter,
      checked,
      pattern,
      anchored: method !== 'search',
      wholeMatch: method === 'fullmatch',
      cleansOthers: method !== 'search',
    });
    return;
  }
  // `from django.utils.http import url_has_allowed_host_and_scheme as is_safe`: the imported name counts.
  if (VALIDATORS.test(callee.text) || VALIDATORS.test(interpreter.aliases.get(callee.text) ?? '')) {
    const first = args[0];
    // `url_has_allowed_host_and_scheme(url=next_url, …)`: the value checked is a keyword argument's.
    const checked = first?.type === 'keyword_argument' ? first.childForFieldName('value') : first;
    if (!checked) return;
    // a number's format says nothing of its size
    if (NUMBER_FORMAT.test(callee.text))
      clean({ interpreter, node: checked, ruleIds: [...interpreter.rules.numericCleared] });
    else clean({ interpreter, node: checked });
  }
}

const NUMBER_FORMAT =
  /(?:^|\.)(?:isInteger|isSafeInteger|isFinite|isInt|isNumeric|isdigit|isnumeric|isdecimal)$/;

/**
 * `x` passed a regular expression: a closed format (`^[a-z0-9-]+$`) clears it; a pattern that fixes the
 * host (`^https://(www\.)?example\.com(/|$)`) or names hosts alone (`fullmatch` of `(?:[\w-]+\.)*example\.org`
 * on a URL's host) clears it for redirects and SSRF; a relative-path test (`^/[^/\\]`) for redirects.
 * Other anchored patterns clear everything else, as before; unanchored ones nothing.
 */
function regexChecked({
  interpreter,
  checked,
  pattern,
  anchored,
  wholeMatch,
  cleansOthers = false,
}: {
  interpreter: Interpreter;
  checked: SyntaxNode;
  pattern: string;
  anchored: boolean;
  wholeMatch: boolean;
  cleansOthers?: boolean;
}): void {
  const redirects = ['open-redirect', 'ssrf', 'partial-ssrf'];
  const hostFixed =
    fixesHost(pattern, anchored, wholeMatch) ||
    (!!interpreter.lookup(checked.text)?.hostOf && fixesHostName(pattern, wholeMatch));
  if (hostFixed) {
    cleanHostOf(interpreter, checked);
    clean({ interpreter, node: checked, ruleIds: redirects });
  }
  const fullyAnchored =
    (anchored || pattern.startsWith('^')) &&
    (wholeMatch || (pattern.endsWith('$') && !pattern.endsWith('\\$')));
  if (fullyAnchored && closedFormat(pattern.startsWith('^') ? pattern : `^${pattern}`)) {
    clean({ interpreter, node: checked, ruleIds: undefined, inert: true });
    return;
  }
  if (RELATIVE_PATH.test(pattern)) clean({ interpreter, node: checked, ruleIds: ['open-redirect'] });
  // As before: a `re.match` validator, or a `^…$` test, clears the other rules.
  if (cleansOthers || fullyAnchored)
    clean({
      interpreter,
      node: checked,
      ruleIds: [...new Set([...ruleIdsExceptPath(interpreter), 'path-traversal'])].filter(
        (id) => !redirects.includes(id),
      ),
    });
}

/**
 * One half of the same-site path check, met separately (`if not x.startswith("/"): return` and later
 * `if x.startswith("//"): return`): once both hold, x is a path on this site.
 */
function slashCheck(
  interpreter: Interpreter,
  node: SyntaxNode,
  half: 'leadingSlash' | 'noDoubleSlash',
): void {
  if (!isTarget(node)) return;
  const value = interpreter.lookup(node.text) ?? interpreter.expr(node);
  if (!value.taint) return;
  const checks = { ...value.slashChecks, [half]: true };
  interpreter.setVariable(node.text, {
    ...value,
    slashChecks: checks,
    taint:
      checks.leadingSlash && checks.noDoubleSlash ? clearTaint(value.taint, ['open-redirect']) : value.taint,
  });
}

/** `if (x.includes('..')) return` */
function denyCall(interpreter: Interpreter, call: SyntaxNode): void {
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const method = (callee?.childForFieldName('attribute') ?? callee?.childForFieldName('property'))?.text;
  const object = callee?.childForFieldName('object');
  if (method && object && PREFIX_CHECK.test(method) && /^['"`]\/\/['"`]$/.test(args[0]?.text ?? ''))
    slashCheck(interpreter, object, 'noDoubleSlash');
  if (method && object && /^(?:includes|__contains__|contains|find|indexOf)$/.test(method)) {
    if (args[0] && /\.\./.test(args[0].text))
      clean({ interpreter, node: object, ruleIds: ['path-traversal'] });
  }
  // `if (FORBIDDEN_KEYS.has(key)) continue;`: past it, key is none of the listed names.
  if (method && object && args[0] && ALLOW_LIST.test(method)) {
    const collection = interpreter.expr(object);
    if (!collection.taint && holdsDangerousKeys(object, collection))
      clean({ interpreter, node: args[0], ruleIds: ['prototype-pollution'] });
  }
}

function ruleIdsExceptPath(interpreter: Interpreter): string[] {
  const ids = new Set<string>();
  for (const matcher of interpreter.rules.sinks)
    if (matcher.rule.id !== 'path-traversal') ids.add(matcher.rule.id);
  return [...ids];
}
