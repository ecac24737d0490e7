/**
 * `metavariable-comparison`: Semgrep's small Python-like expression language over metavariables —
 * numbers, strings, `int()`/`str()`/`float()`, arithmetic, comparisons, `and`/`or`/`not`, `in`.
 * Parsed when the rule loads, so a comparison this does not read makes the rule not run (with the reason)
 * instead of matching wrongly.
 */
export class ComparisonError extends Error {}

type Value = number | string | boolean | undefined;
export type Comparison = (lookup: (name: string) => Value) => boolean;

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?|0x[0-9a-fA-F]+)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(\$[A-Z_][A-Z0-9_]*)|(<=|>=|==|!=|<|>|\+|-|\*|\/\/|\/|%|\(|\)|,)|([A-Za-z_][A-Za-z0-9_]*))/y;

type Node = (lookup: (name: string) => Value) => Value;

export function compileComparison(source: string): Comparison {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(source);
    if (!match)
      throw new ComparisonError(
        `cannot read the comparison ${JSON.stringify(source)} at "${source.slice(at)}"`,
      );
    tokens.push(match.slice(1).find((part) => part !== undefined)!);
    at = TOKEN.lastIndex;
  }
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string): string => {
    const token = tokens[position++];
    if (token === undefined || (expected !== undefined && token !== expected))
      throw new ComparisonError(
        `cannot read the comparison ${JSON.stringify(source)}: expected ${expected ?? 'more'}`,
      );
    return token;
  };
  const numeric = (value: Value): number | undefined => (typeof value === 'number' ? value : undefined);
  const or = (): Node => {
    let left = and();
    while (peek() === 'or') {
      take();
      const l = left;
      const r = and();
      left = (lookup) => Boolean(l(lookup)) || Boolean(r(lookup));
    }
    return left;
  };
  const and = (): Node => {
    let left = not();
    while (peek() === 'and') {
      take();
      const l = left;
      const r = not();
      left = (lookup) => Boolean(l(lookup)) && Boolean(r(lookup));
    }
    return left;
  };
  const not = (): Node => {
    if (peek() === 'not') {
      take();
      const inner = not();
      return (lookup) => !inner(lookup);
    }
    return compare();
  };
  const compare = (): Node => {
    const left = sum();
    const operator = peek();
    if (!operator || !['<', '<=', '>', '>=', '==', '!=', 'in'].includes(operator)) return left;
    take();
    const right = sum();
    return (lookup) => {
      const a = left(lookup);
      const b = right(lookup);
      if (a === undefined || b === undefined) return false;
      switch (operator) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case 'in':
          return typeof a === 'string' && typeof b === 'string' && b.includes(a);
        default: {
          if (typeof a !== typeof b || typeof a === 'boolean') return false;
          const [x, y] = [a as number | string, b as number | string];
          return operator === '<' ? x < y : operator === '<=' ? x <= y : operator === '>' ? x > y : x >= y;
        }
      }
    };
  };
  const sum = (): Node => {
    let left = product();
    while (peek() === '+' || peek() === '-') {
      const operator = take();
      const l = left;
      const r = product();
      left = (lookup) => {
        const a = l(lookup);
        const b = r(lookup);
        if (operator === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
        const x = numeric(a);
        const y = numeric(b);
        if (x === undefined || y === undefined) return undefined;
        return operator === '+' ? x + y : x - y;
      };
    }
    return left;
  };
  const product = (): Node => {
    let left = unary();
    while (['*', '/', '//', '%'].includes(peek() ?? '')) {
      const operator = take();
      const l = left;
      const r = unary();
      left = (lookup) => {
        const x = numeric(l(lookup));
        const y = numeric(r(lookup));
        if (x === undefined || y === undefined) return undefined;
        if (operator === '*') return x * y;
        if (y === 0) return undefined;
        return operator === '/' ? x / y : operator === '//' ? Math.floor(x / y) : x % y;
      };
    }
    return left;
  };
  const unary = (): Node => {
    if (peek() === '-') {
      take();
      const inner = unary();
      return (lookup) => {
        const value = numeric(inner(lookup));
        return value === undefined ? undefined : -value;
      };
    }
    return primary();
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (/^\d|^0x/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    if (/^["']/.test(token)) {
      const value = token.slice(1, -1).replace(/\\(.)/g, '$1');
      return () => value;
    }
    if (token.startsWith('$')) return (lookup) => lookup(token);
    if (token === 'True' || token === 'False') {
      const value = token === 'True';
      return () => value;
    }
    if (token === 'int' || token === 'float' || token === 'str') {
      take('(');
      const inner = or();
      take(')');
      return (lookup) => {
        const value = inner(lookup);
        if (value === undefined) return undefined;
        if (token === 'str') return String(value);
        const parsed = typeof value === 'number' ? value : Number(String(value).replaceAll('_', ''));
        if (!Number.isFinite(parsed)) return undefined;
        return token === 'int' ? Math.trunc(parsed) : parsed;
      };
    }
    throw new ComparisonError(
      `the comparison ${JSON.stringify(source)} uses \`${token}\`, which vouch does not evaluate`,
    );
  };
  const tree = or();
  if (position !== tokens.length)
    throw new ComparisonError(
      `cannot read the comparison ${JSON.stringify(source)} after "${tokens[position]}"`,
    );
  return (lookup) => Boolean(tree(lookup));
}

/** A literal's value as the comparison sees it: a number, a string's content, else nothing. */
export function literalValue(text: string, type: string): Value {
  if (type === 'integer' || type === 'float' || type === 'number') {
    const value = Number(text.replaceAll('_', ''));
    return Number.isFinite(value) ? value : undefined;
  }
  if (type === 'string') {
    const quoted = /^[a-zA-Z]*(["'`])([\s\S]*)\1$/.exec(text);
    return quoted ? quoted[2] : undefined;
  }
  if (type === 'true' || type === 'false') return type === 'true';
  return undefined;
}
