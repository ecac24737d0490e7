/**
 * Python's builtin values as vouch compares them outside the interpreter that made them (r48): a request's
 * example is judged here, in TypeScript, never by a comparison running beside the candidate's code, which
 * can patch `math.isclose`, `Fraction.__eq__` or the test's own defaults. The example test hands the result
 * out as plain tagged data (`readHandedOut`), the request's literal is read here (python-literal.ts), and
 * `sameAsExample` decides with Python's own rules for builtin values: numbers by exact value across int,
 * float, complex, Decimal and Fraction (`1 == 1.0 == Fraction(1)`), a float expected within a relative 1e-6
 * (the printed value is rounded), list and tuple never equal, sets and dict keys by value.
 */

/** A real number, exact: a ratio, an infinity, NaN, or a value too large to have been handed out whole. */
type Real =
  | { kind: 'ratio'; numerator: bigint; denominator: bigint }
  | { kind: 'infinity'; negative: boolean }
  | { kind: 'nan' }
  /** a Decimal beyond 10^±DECIMAL_EXPONENT: equal only to the same Decimal */
  | { kind: 'decimal'; text: string }
  /** too large to hand out whole, or not a number (a Fraction over zero): equal to nothing */
  | { kind: 'opaque' };

export type PythonValue =
  | { kind: 'none' }
  | { kind: 'bool'; value: boolean }
  /** `value` absent: too large to hand out; `approx` is then float(value), when it has one */
  | { kind: 'int'; value?: bigint; approx?: number }
  /** `text`: Python's repr */
  | { kind: 'float'; value: number; text: string }
  | { kind: 'complex'; real: number; imag: number; text: string }
  /** `lone`: holds lone surrogates, which a JavaScript string cannot tell from a pair */
  | { kind: 'str'; value: string; lone?: boolean }
  | { kind: 'bytes'; hex: string }
  /** `text`: Decimal's str; absent when too long to hand out */
  | { kind: 'decimal'; text?: string; approx?: number }
  | { kind: 'fraction'; numerator?: bigint; denominator?: bigint; approx?: number }
  | { kind: 'list' | 'tuple' | 'set' | 'frozenset'; items: PythonValue[] }
  | { kind: 'dict'; entries: [PythonValue, PythonValue][] }
  /** larger than anything the request's literal can equal */
  | { kind: 'large' };

// past Python's 4300-digit int limit, and every float's exact value (2^-1074 has 1074 decimal places)
const DECIMAL_EXPONENT = 4_400;

function ratio(numerator: bigint, denominator = 1n): Real {
  return { kind: 'ratio', numerator, denominator };
}

/** A finite double as an exact ratio: doubled until whole (at most 1074 times, each exact). */
function floatReal(value: number): Real {
  if (Number.isNaN(value)) return { kind: 'nan' };
  if (!Number.isFinite(value)) return { kind: 'infinity', negative: value < 0 };
  let scaled = value;
  let exponent = 0n;
  while (!Number.isInteger(scaled)) {
    scaled *= 2;
    exponent++;
  }
  return ratio(BigInt(scaled), 2n ** exponent);
}

/** Decimal's str (`-1.50`, `1.5E+3`, `Infinity`, `NaN`, `sNaN`) as an exact real. */
function decimalReal(text: string): Real {
  const special = /^([+-])?(Infinity|Inf|s?NaN\d*)$/i.exec(text);
  if (special)
    return /nan/i.test(special[2]!) ? { kind: 'nan' } : { kind: 'infinity', negative: special[1] === '-' };
  const match = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!match || `${match[2]}${match[3] ?? ''}` === '') return { kind: 'opaque' };
  const digits = `${match[2]}${match[3] ?? ''}`.replace(/^0+/, '');
  if (digits === '') return ratio(0n);
  const stripped = digits.replace(/0+$/, '');
  const exponent =
    BigInt(match[4] ?? '0') - BigInt(match[3]?.length ?? 0) + BigInt(digits.length - stripped.length);
  const sign = match[1] === '-' ? -1n : 1n;
  if (exponent > BigInt(DECIMAL_EXPONENT) || exponent < BigInt(-DECIMAL_EXPONENT))
    return { kind: 'decimal', text: `${sign < 0n ? '-' : ''}${stripped}e${exponent}` };
  const coefficient = sign * BigInt(stripped);
  return exponent >= 0n ? ratio(coefficient * 10n ** exponent) : ratio(coefficient, 10n ** -exponent);
}

/** A number's real and imaginary parts, exact; undefined for what is not a number. */
function parts(value: PythonValue): [Real, Real] | undefined {
  const zero = ratio(0n);
  switch (value.kind) {
    case 'bool':
      return [ratio(value.value ? 1n : 0n), zero];
    case 'int':
      return [value.value === undefined ? { kind: 'opaque' } : ratio(value.value), zero];
    case 'float':
      return [floatReal(value.value), zero];
    case 'complex':
      return [floatReal(value.real), floatReal(value.imag)];
    case 'decimal':
      return [value.text === undefined ? { kind: 'opaque' } : decimalReal(value.text), zero];
    case 'fraction':
      return [
        value.numerator === undefined || value.denominator === undefined || value.denominator === 0n
          ? { kind: 'opaque' }
          : ratio(value.numerator, value.denominator),
        zero,
      ];
    default:
      return undefined;
  }
}

function realsEqual(a: Real, b: Real): boolean {
  if (a.kind === 'ratio' && b.kind === 'ratio')
    return a.numerator * b.denominator === b.numerator * a.denominator;
  if (a.kind === 'infinity' && b.kind === 'infinity') return a.negative === b.negative;
  if (a.kind === 'decimal' && b.kind === 'decimal') return a.text === b.text;
  return false;
}

/** float(value) as Python computes it, for the numbers an expected float is compared with; undefined: none. */
function asFloat(value: PythonValue): number | undefined {
  switch (value.kind) {
    case 'int':
      return value.value === undefined ? value.approx : Number(value.value);
    case 'float':
      return value.value;
    case 'decimal':
      return value.text === undefined
        ? value.approx
        : /^[+-]?s?nan/i.test(value.text)
          ? undefined
          : Number(value.text.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    case 'fraction':
      return value.approx;
    default:
      return undefined;
  }
}

/** Python's `math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)`. */
function isClose(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const difference = Math.abs(b - a);
  return difference <= Math.abs(1e-6 * b) || difference <= Math.abs(1e-6 * a) || difference <= 1e-9;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** A real's key: equal reals share it (a ratio in lowest terms, its denominator positive). */
function realKey(real: Real): string {
  if (real.kind === 'ratio') {
    const divisor = gcd(real.numerator, real.denominator) * (real.denominator < 0n ? -1n : 1n);
    return `${real.numerator / divisor}/${real.denominator / divisor}`;
  }
  if (real.kind === 'infinity') return real.negative ? '-inf' : 'inf';
  return real.kind === 'decimal' ? `d${real.text}` : real.kind;
}

/** A key equal values share (Python's hash, in spirit): numbers by their exact value. */
export function valueKey(value: PythonValue): string {
  const number = parts(value);
  if (number) return `n:${realKey(number[0])}:${realKey(number[1])}`;
  switch (value.kind) {
    case 'str':
      return `s:${value.value}`;
    case 'bytes':
      return `b:${value.hex}`;
    case 'tuple':
      return `t:${value.items.map(valueKey).join('\u0000')}`;
    case 'frozenset':
    case 'set':
      return `f:${value.items.map(valueKey).sort().join('\u0000')}`;
    default:
      return value.kind;
  }
}

/** The values of `items` by bucket. */
function byBucket<T>(items: readonly T[], key: (item: T) => PythonValue): Map<string, T[]> {
  const buckets = new Map<string, T[]>();
  for (const item of items) {
    const name = valueKey(key(item));
    const list = buckets.get(name);
    if (list) list.push(item);
    else buckets.set(name, [item]);
  }
  return buckets;
}

/** Python's `==` between two builtin values. */
export function pythonEquals(a: PythonValue, b: PythonValue): boolean {
  const numbers = [parts(a), parts(b)];
  if (numbers[0] || numbers[1]) {
    const [x, y] = numbers;
    return !!x && !!y && realsEqual(x[0], y[0]) && realsEqual(x[1], y[1]);
  }
  switch (a.kind) {
    case 'none':
      return b.kind === 'none';
    case 'str':
      return b.kind === 'str' && !a.lone && !b.lone && a.value === b.value;
    case 'bytes':
      return b.kind === 'bytes' && a.hex === b.hex;
    case 'list':
    case 'tuple':
      return (
        b.kind === a.kind &&
        a.items.length === b.items.length &&
        a.items.every((item, index) => pythonEquals(item, b.items[index]!))
      );
    case 'set':
    case 'frozenset': {
      if ((b.kind !== 'set' && b.kind !== 'frozenset') || a.items.length !== b.items.length) return false;
      const others = byBucket(b.items, (item) => item);
      return a.items.every((item) =>
        (others.get(valueKey(item)) ?? []).some((other) => pythonEquals(item, other)),
      );
    }
    case 'dict': {
      if (b.kind !== 'dict' || a.entries.length !== b.entries.length) return false;
      const others = byBucket(b.entries, (entry) => entry[0]);
      return a.entries.every(([key, item]) =>
        (others.get(valueKey(key)) ?? []).some(
          ([otherKey, other]) => pythonEquals(key, otherKey) && pythonEquals(item, other),
        ),
      );
    }
    default:
      return false;
  }
}

/**
 * Whether the result handed out equals the request's value as the examples have always compared them: a
 * float expected takes an int, float, Decimal or Fraction within a relative 1e-6 (absolute 1e-9); lists
 * and tuples of the same kind item by item under the same rule; anything else by Python's `==`.
 */
export function sameAsExample(actual: PythonValue, expected: PythonValue): boolean {
  if (expected.kind === 'float' && ['int', 'float', 'decimal', 'fraction'].includes(actual.kind)) {
    const near = asFloat(actual);
    return near !== undefined && isClose(near, expected.value);
  }
  if ((expected.kind === 'list' || expected.kind === 'tuple') && actual.kind === expected.kind)
    return (
      actual.items.length === expected.items.length &&
      actual.items.every((item, index) => sameAsExample(item, expected.items[index]!))
    );
  return pythonEquals(expected, actual);
}

const HEX_INT = /^-?[0-9a-f]+$/;
/** Python's float repr: `1.5`, `1e+16`, `-0.0`, `inf`, `nan`. */
const FLOAT_REPR = /^-?(?:\d+(?:\.\d*)?(?:e[+-]?\d+)?|inf|nan)$/;

function hexInt(text: unknown): bigint | undefined {
  if (typeof text !== 'string' || !HEX_INT.test(text)) return undefined;
  return text.startsWith('-') ? -BigInt(`0x${text.slice(1)}`) : BigInt(`0x${text}`);
}

function floatOf(text: unknown): number | undefined {
  if (typeof text !== 'string' || !FLOAT_REPR.test(text)) return undefined;
  return text.endsWith('inf')
    ? text.startsWith('-')
      ? -Infinity
      : Infinity
    : text.endsWith('nan')
      ? Number.NaN
      : Number(text);
}

/**
 * The value an example test handed out (its tagged form, request-examples.ts `_hand_out`), or undefined
 * when it is not one: a forged or broken form is no value, and the example is then not checked.
 */
export function readHandedOut(form: unknown): PythonValue | undefined {
  if (!Array.isArray(form) || typeof form[0] !== 'string') return undefined;
  const [tag, first, second] = form as [string, unknown, unknown];
  const optionalFloat = (text: unknown) => (text === null ? undefined : floatOf(text));
  switch (tag) {
    case 'none':
      return { kind: 'none' };
    case 'large':
      return { kind: 'large' };
    case 'bool':
      return typeof first === 'boolean' ? { kind: 'bool', value: first } : undefined;
    case 'int': {
      const value = hexInt(first);
      if (value !== undefined) return { kind: 'int', value };
      const approx = optionalFloat(second);
      return first === null ? { kind: 'int', ...(approx === undefined ? {} : { approx }) } : undefined;
    }
    case 'float': {
      const value = floatOf(first);
      return value === undefined ? undefined : { kind: 'float', value, text: first as string };
    }
    case 'complex': {
      const [real, imag] = [floatOf(first), floatOf(second)];
      return real === undefined || imag === undefined
        ? undefined
        : {
            kind: 'complex',
            real,
            imag,
            text: `(${first}${String(second).startsWith('-') ? '' : '+'}${second}j)`,
          };
    }
    case 'str':
      return typeof first === 'string'
        ? { kind: 'str', value: first, ...(second ? { lone: true } : {}) }
        : undefined;
    case 'bytes':
      return typeof first === 'string' && /^(?:[0-9a-f]{2})*$/.test(first)
        ? { kind: 'bytes', hex: first }
        : undefined;
    case 'decimal': {
      const approx = optionalFloat(second);
      if (typeof first !== 'string' && first !== null) return undefined;
      return {
        kind: 'decimal',
        ...(first === null ? {} : { text: first }),
        ...(approx === undefined ? {} : { approx }),
      };
    }
    case 'fraction': {
      const approx = optionalFloat(second);
      if (first === null) return { kind: 'fraction', ...(approx === undefined ? {} : { approx }) };
      const halves = typeof first === 'string' ? first.split('/').map(hexInt) : [];
      const [numerator, denominator] = halves;
      if (halves.length !== 2 || numerator === undefined || denominator === undefined) return undefined;
      return { kind: 'fraction', numerator, denominator, ...(approx === undefined ? {} : { approx }) };
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'frozenset': {
      if (!Array.isArray(first)) return undefined;
      const items = first.map(readHandedOut);
      return items.every((item) => item !== undefined)
        ? { kind: tag, items: items as PythonValue[] }
        : undefined;
    }
    case 'dict': {
      if (!Array.isArray(first)) return undefined;
      const entries: [PythonValue, PythonValue][] = [];
      for (const entry of first) {
        if (!Array.isArray(entry) || entry.length !== 2) return undefined;
        const [key, item] = [readHandedOut(entry[0]), readHandedOut(entry[1])];
        if (!key || !item) return undefined;
        entries.push([key, item]);
      }
      return { kind: 'dict', entries };
    }
    default:
      return undefined;
  }
}

/** The value as Python would print it, near enough to name it in a message, cut at `room` characters. */
export function pythonRepr(value: PythonValue, room = 200): string {
  const text = reprOf(value);
  return text.length > room ? `${text.slice(0, room)}…` : text;
}

function reprOf(value: PythonValue): string {
  const all = (items: readonly PythonValue[]) => items.map(reprOf).join(', ');
  switch (value.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'int':
      return value.value === undefined ? '<an int too large to hand out>' : `${value.value}`;
    case 'float':
    case 'complex':
      return value.text;
    case 'str':
      return JSON.stringify(value.value).replace(/^"|"$/g, "'");
    case 'bytes':
      return `bytes.fromhex('${value.hex}')`;
    case 'decimal':
      return value.text === undefined ? '<a Decimal too long to hand out>' : `Decimal('${value.text}')`;
    case 'fraction':
      return value.numerator === undefined
        ? '<a Fraction too large to hand out>'
        : `Fraction(${value.numerator}, ${value.denominator})`;
    case 'list':
      return `[${all(value.items)}]`;
    case 'tuple':
      return value.items.length === 1 ? `(${reprOf(value.items[0]!)},)` : `(${all(value.items)})`;
    case 'set':
    case 'frozenset':
      return value.items.length === 0
        ? `${value.kind}()`
        : `${value.kind === 'set' ? '' : 'frozenset('}{${all(value.items)}}${value.kind === 'set' ? '' : ')'}`;
    case 'dict':
      return `{${value.entries.map(([key, item]) => `${reprOf(key)}: ${reprOf(item)}`).join(', ')}}`;
    case 'large':
      return 'a value larger than the request names';
  }
}
