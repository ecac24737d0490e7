import type { Constant, Value } from './taint.js';

/**
 * Constant folding for the operators code uses in conditions, so a branch that can never run is
 * skipped (`"safe" if 7 * 18 > 100 else tainted` is safe). Unknown operands give an unknown result.
 */
export function foldBinary(operator: string, left: Value, right: Value): Value | undefined {
  if (!left.known || !right.known) return foldShortCircuit(operator, left, right);
  const a = left.constant ?? null;
  const b = right.constant ?? null;
  const result = compute(operator, a, b);
  if (result === undefined) return undefined;
  // text not as the literal reads (an escape, bytes: `Value.inexact`) is joined on, never compared
  if (left.inexact || right.inexact)
    return typeof result === 'string' ? { known: true, constant: result, inexact: true } : undefined;
  return { known: true, constant: result };
}

/** `False and x` / `True or x` are known without x. */
function foldShortCircuit(operator: string, left: Value, right: Value): Value | undefined {
  if (!left.known) return undefined;
  if ((operator === 'and' || operator === '&&') && !truthy(left.constant)) return left;
  if ((operator === 'or' || operator === '||') && truthy(left.constant)) return left;
  if (operator === 'and' || operator === '&&' || operator === 'or' || operator === '||') return right;
  return undefined;
}

export function truthy(value: Constant | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value;
}

function compute(operator: string, a: Constant, b: Constant): Constant | undefined {
  const numbers = typeof a === 'number' && typeof b === 'number';
  switch (operator) {
    case '+':
      if (numbers) return a + b;
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      return undefined;
    case '-':
      return numbers ? a - b : undefined;
    case '*':
      if (numbers) return a * b;
      if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, Math.min(b, 1000)));
      return undefined;
    case '/':
      return numbers && b !== 0 ? a / b : undefined;
    case '//':
      return numbers && b !== 0 ? Math.floor(a / b) : undefined;
    case '%':
      return numbers && b !== 0 ? ((a % b) + b) % b : undefined;
    case '**':
      return numbers ? a ** b : undefined;
    // file modes are built with these: `stat.S_IRWXU | stat.S_IRWXG`
    case '|':
      return numbers && Number.isInteger(a) && Number.isInteger(b) ? a | b : undefined;
    case '&':
      return numbers && Number.isInteger(a) && Number.isInteger(b) ? a & b : undefined;
    case '==':
    case '===':
    case 'is':
      return a === b;
    case '!=':
    case '!==':
    case 'is not':
      return a !== b;
    case '<':
      return a !== null && b !== null ? a < b : undefined;
    case '>':
      return a !== null && b !== null ? a > b : undefined;
    case '<=':
      return a !== null && b !== null ? a <= b : undefined;
    case '>=':
      return a !== null && b !== null ? a >= b : undefined;
    case 'and':
    case '&&':
      return truthy(a) ? b : a;
    case 'or':
    case '||':
    case '??':
      return operator === '??' ? (a ?? b) : truthy(a) ? a : b;
    default:
      return undefined;
  }
}

export function foldUnary(operator: string, operand: Value): Value | undefined {
  if (!operand.known) return undefined;
  const value = operand.constant;
  if (operator === 'not' || operator === '!') return { known: true, constant: !truthy(value) };
  if (operator === '-' && typeof value === 'number') return { known: true, constant: -value };
  if (operator === '+' && typeof value === 'number') return { known: true, constant: value };
  return undefined;
}

/** Python string literal text → its value (escapes kept raw: exact bytes do not matter to any rule). */
export function numberLiteral(text: string): number | undefined {
  const cleaned = text.replace(/_/g, '').replace(/[nlLjJ]$/, '');
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

/** A value marked `inexact`, or a list holding one (`"".join(["\x41", "b"])`). */
export function inexactInside(value: Value | undefined): boolean {
  return !!value && (!!value.inexact || !!value.elements?.some((element) => element.inexact));
}
