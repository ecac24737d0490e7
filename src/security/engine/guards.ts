import type { Interpreter } from './interpreter.js';
import type { LiteNode as SyntaxNode } from './lite-tree.js';
import { clearTaint, type Value } from './taint.js';

/**
 * Conditions that sanitise: inside `if x in ALLOWED:` (or after `if x not in ALLOWED: return`) `x` is
 * one of a known set; after `if not full.startswith(ROOT): abort()` a normalised path is contained.
 * `positive` says whether the condition is known true (then-branch) or false (else-branch / after an
 * early exit).
 */
export function applyGuard(interpreter: Interpreter, condition: SyntaxNode, positive: boolean): void {
  switch (condition.type) {
    case 'parenthesized_expression': {
      const inner = condition.namedChildren[0];
      if (inner) applyGuard(interpreter, inner, positive);
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
          if (target && other) clean(interpreter, target, ['open-redirect']);
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
      if (operator === '===' || operator === '==') equality(interpreter, left, right, positive);
      if (operator === '!==' || operator === '!=') equality(interpreter, left, right, !positive);
      return;
    }
    case 'comparison_operator': {
      const [left, right] = condition.namedChildren;
      const operator = condition.children
        .filter((child) => !child.isNamed)
        .map((child) => child.text)
        .join(' ');
      if (!left || !right) return;
      if (operator === '==' || operator === 'is') equality(interpreter, left, right, positive);
      else if (operator === '!=' || operator === 'is not') equality(interpreter, left, right, !positive);
      else if (operator === 'in') membership(interpreter, left, right, positive);
      else if (operator === 'not in') membership(interpreter, left, right, !positive);
      return;
    }
    case 'call':
    case 'call_expression':
      if (positive) validatorCall(interpreter, condition);
      else denyCall(interpreter, condition);
      return;
    default:
  }
}

/** The terms of `a && b && c` (or `and`), parentheses removed. */
function conjuncts(node: SyntaxNode): SyntaxNode[] {
  if (node.type === 'parenthesized_expression' && node.namedChildren[0])
    return conjuncts(node.namedChildren[0]);
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
function falsyWith(node: SyntaxNode): Set<string> {
  if (node.type === 'parenthesized_expression' && node.namedChildren[0])
    return falsyWith(node.namedChildren[0]);
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
    if (current.type === 'parenthesized_expression') current = current.namedChildren[0];
    else if (current.type === 'not_operator') {
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

function clean(interpreter: Interpreter, node: SyntaxNode, ruleIds?: string[], inert = false): void {
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
  if (object.type === 'identifier') clean(interpreter, object, ['ssrf', 'open-redirect']);
  if (!url) return;
  const value = interpreter.lookup(url);
  if (value?.taint)
    interpreter.setVariable(url, { ...value, taint: clearTaint(value.taint, ['ssrf', 'open-redirect']) });
}

function equality(interpreter: Interpreter, left: SyntaxNode, right: SyntaxNode, equal: boolean): void {
  // A name holding a constant (`APP_ORIGIN`) compares like the literal it holds.
  // So does the page's own origin (`window.location.origin`).
  const constant = (node: SyntaxNode) =>
    isLiteral(node) ||
    (node.type === 'identifier' && interpreter.lookup(node.text)?.known === true) ||
    OWN_ORIGIN.test(node.text);
  if (equal) contained(interpreter, left, right) || contained(interpreter, right, left);
  if (equal && constant(right)) hostChecked(interpreter, left);
  const [target, literal] = constant(right)
    ? [left, right]
    : constant(left)
      ? [right, left]
      : [undefined, undefined];
  if (!target || !literal) return;
  if (equal) clean(interpreter, target);
  else if (DANGEROUS_KEYS.test(literal.text)) clean(interpreter, target, ['prototype-pollution']);
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
        clean(interpreter, item, ['path-traversal']);
    return true;
  }
  if (check.type === 'attribute' && check.childForFieldName('attribute')?.text === 'parent') {
    const object = check.childForFieldName('object');
    if (object && interpreter.lookup(object.text)?.taint?.normalized)
      clean(interpreter, object, ['path-traversal']);
    return true;
  }
  return false;
}

/** `x in ALLOWED` (x is one of known values) or `'..' in x` (a deny check). */
function membership(interpreter: Interpreter, left: SyntaxNode, right: SyntaxNode, inside: boolean): void {
  // `if base not in path.parents: abort()`: past it, `path` lies inside `base`.
  const parentsOf = right.type === 'attribute' && right.childForFieldName('attribute')?.text === 'parents';
  if (inside && parentsOf) {
    const object = right.childForFieldName('object');
    if (object) clean(interpreter, object, ['path-traversal']);
    return;
  }
  if (inside) hostChecked(interpreter, left);
  if (isLiteral(left)) {
    if (!inside && /\.\./.test(left.text)) clean(interpreter, right, ['path-traversal']);
    if (!inside && DANGEROUS_KEYS.test(left.text)) clean(interpreter, right, ['prototype-pollution']);
    return;
  }
  const collection = interpreter.expr(right);
  if (fromAttacker(interpreter, collection)) return; // membership in attacker data proves nothing
  if (inside) clean(interpreter, left);
  else if (holdsDangerousKeys(right, collection)) clean(interpreter, left, ['prototype-pollution']);
}

/** A collection written out, or held in a name, that lists `__proto__` or `constructor`. */
function holdsDangerousKeys(node: SyntaxNode, collection: Value): boolean {
  if (/__proto__|constructor/.test(node.text)) return true;
  return (collection.elements ?? []).some(
    (element) => typeof element.constant === 'string' && /^(?:__proto__|constructor)$/.test(element.constant),
  );
}

const PREFIX_CHECK = /^(?:startswith|startsWith|is_relative_to)$/;
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
    const value = interpreter.lookup(object.text);
    // A prefix check contains a path only after normalisation (`/srv/../etc` starts with `/srv/`).
    if (value?.taint?.normalized) clean(interpreter, object);
    // `startsWith('/')` lets `//evil.example` through: no proof of a same-site redirect on its own.
    else if (args.length === 1 && /^['"`]\/['"`]$/.test(args[0]!.text)) {
      clean(
        interpreter,
        object,
        ruleIdsExceptPath(interpreter).filter((id) => id !== 'open-redirect'),
      );
      slashCheck(interpreter, object, 'leadingSlash');
    } else clean(interpreter, object, ruleIdsExceptPath(interpreter));
    return;
  }
  if (method && object && FORMAT_CHECK.test(method)) {
    clean(interpreter, object);
    return;
  }
  if (method && object && ALLOW_LIST.test(method)) {
    if (!fromAttacker(interpreter, interpreter.expr(object)))
      for (const argument of args) clean(interpreter, argument);
    return;
  }
  if (method === 'test' && object?.type === 'regex') {
    const pattern = object.childForFieldName('pattern')?.text ?? '';
    if (pattern.startsWith('^') && pattern.endsWith('$'))
      for (const argument of args) clean(interpreter, argument, undefined, closedFormat(pattern));
    else if (RELATIVE_PATH.test(pattern))
      for (const argument of args) clean(interpreter, argument, ['open-redirect']);
    return;
  }
  // `from django.utils.http import url_has_allowed_host_and_scheme as is_safe`: the imported name counts.
  if (VALIDATORS.test(callee.text) || VALIDATORS.test(interpreter.aliases.get(callee.text) ?? '')) {
    const first = args[0];
    const name = callee.text;
    const target = /(?:^|\.)(?:fullmatch|match)$/.test(name) ? args[1] : first;
    // `url_has_allowed_host_and_scheme(url=next_url, …)`: the value checked is a keyword argument's.
    const checked = target?.type === 'keyword_argument' ? target.childForFieldName('value') : target;
    if (checked) clean(interpreter, checked);
  }
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
    if (args[0] && /\.\./.test(args[0].text)) clean(interpreter, object, ['path-traversal']);
  }
  // `if (FORBIDDEN_KEYS.has(key)) continue;`: past it, key is none of the listed names.
  if (method && object && args[0] && ALLOW_LIST.test(method)) {
    const collection = interpreter.expr(object);
    if (!collection.taint && holdsDangerousKeys(object, collection))
      clean(interpreter, args[0], ['prototype-pollution']);
  }
}

function ruleIdsExceptPath(interpreter: Interpreter): string[] {
  const ids = new Set<string>();
  for (const matcher of interpreter.rules.sinks)
    if (matcher.rule.id !== 'path-traversal') ids.add(matcher.rule.id);
  return [...ids];
}
