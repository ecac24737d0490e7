import type { Constant, Value } from './taint.js';

/**
 * Constant folding of the ways code builds text from constants (`"".join(PARTS)`, `"%s%s" % (a, b)`,
 * `"{}{}".format(a, b)`, `.replace(" ", "")`, `["sk_li", "ve_…"].join("")`, `String.fromCharCode(…)`), so a
 * credential assembled from pieces is seen whole (`assembled-secret`). Bounded: lists of constants only, at
 * most MAX_PARTS of them, results of at most MAX_LENGTH characters; anything else is not folded.
 */
const MAX_PARTS = 64;
const MAX_LENGTH = 4096;

const text = (value: Constant | undefined): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

const capped = (result: string | undefined): Value | undefined =>
  result !== undefined && result.length <= MAX_LENGTH ? { known: true, constant: result } : undefined;

/** The texts of a list of constants (strings or numbers), or undefined when one is not known or too many. */
function constantTexts(values: readonly Value[] | undefined): string[] | undefined {
  if (!values || values.length > MAX_PARTS) return undefined;
  const out: string[] = [];
  for (const value of values) {
    const part = value.known ? text(value.constant) : undefined;
    if (part === undefined) return undefined;
    out.push(part);
  }
  return out;
}

/** `"%s%s" % (a, b)`, `"%s" % a`: only `%s` and `%%` fields; any other field is not folded. */
export function foldPercent(template: string, operand: Value): Value | undefined {
  if (!template.includes('%') || operand.taint) return undefined;
  const args = operand.elements ? constantTexts(operand.elements) : constantTexts([operand]);
  if (!args) return undefined;
  let next = 0;
  let failed = false;
  const result = template.replace(/%(.)/gs, (_, field: string) => {
    if (field === '%') return '%';
    if (field !== 's' || next >= args.length) failed = true;
    return args[next++] ?? '';
  });
  return failed || next !== args.length ? undefined : capped(result);
}

/** `"{}{}".format(a, b)`, `"{0}{1}".format(…)`: bare and numbered fields only. */
function foldFormat(template: string, args: readonly Value[]): Value | undefined {
  const texts = constantTexts(args);
  if (!texts) return undefined;
  let next = 0;
  let failed = false;
  const result = template.replace(/\{\{|\}\}|\{(\d*)\}|[{}]/g, (match, index: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (index === undefined) {
      failed = true;
      return '';
    }
    const part = texts[index === '' ? next++ : Number(index)];
    if (part === undefined) failed = true;
    return part ?? '';
  });
  return failed ? undefined : capped(result);
}

/** Constant pieces put one after another (`for p in ["s", "k_l", …]: key += p`), when all are known and few. */
export function foldPieces(first: Value, pieces: readonly Value[] | undefined): Value | undefined {
  const texts = constantTexts(pieces);
  return typeof first.constant === 'string' && first.known && texts
    ? capped(first.constant + texts.join(''))
    : undefined;
}

/** 115, 107 → "sk": code points of printable ASCII only. */
function fromCharCodes(args: readonly Value[]): Value | undefined {
  if (args.length === 0 || args.length > MAX_PARTS) return undefined;
  let result = '';
  for (const arg of args) {
    if (!arg.known || typeof arg.constant !== 'number' || !Number.isInteger(arg.constant)) return undefined;
    if (arg.constant < 32 || arg.constant > 126) return undefined;
    result += String.fromCharCode(arg.constant);
  }
  return capped(result);
}

/**
 * A method (or function) of the standard libraries that builds text, called on constants: its constant
 * result, or undefined when it is not one of them or an operand is not a constant.
 */
export function foldStringCall({
  language,
  paths,
  method,
  receiver,
  args,
}: {
  language: string;
  paths: readonly string[];
  method: string | undefined;
  receiver: Value | undefined;
  args: readonly Value[];
}): Value | undefined {
  // a list that was once constants but took data since (`parts.push(host)`, `parts.append(x)`) carries that
  // data's taint beside its first elements: it is not folded, so the taint goes on
  if (receiver?.taint || args.some((arg) => arg.taint)) return undefined;
  if (paths.includes('String.fromCharCode')) return fromCharCodes(args);
  if (!method || !receiver) return undefined;
  const own = receiver.known && typeof receiver.constant === 'string' ? receiver.constant : undefined;
  const python = language === 'python';
  if (method === 'join') {
    // Python: `sep.join(parts)`; JavaScript: `parts.join(sep)` (`,` when no separator is given).
    if (python) {
      const parts = own !== undefined && args.length === 1 ? constantTexts(args[0]?.elements) : undefined;
      return parts ? capped(parts.join(own)) : undefined;
    }
    const parts = constantTexts(receiver.elements);
    const separator = args.length === 0 ? ',' : args[0]?.known ? text(args[0].constant) : undefined;
    return parts && separator !== undefined && args.length <= 1 ? capped(parts.join(separator)) : undefined;
  }
  if (own === undefined) return undefined;
  if (method === 'format' && python) return foldFormat(own, args);
  // JavaScript: `"s".concat(b, c)`
  if (method === 'concat' && !python) {
    const parts = constantTexts(args);
    return parts ? capped(own + parts.join('')) : undefined;
  }
  if (method === 'replace' || method === 'replaceAll') {
    const [from, to] = constantTexts(args.slice(0, 2)) ?? [];
    if (from === undefined || to === undefined || from === '') return undefined;
    // Python's `replace` replaces every occurrence (a third argument counts them: not folded); JavaScript's
    // `replace` of a string only the first.
    if (python) return args.length === 2 ? capped(own.split(from).join(to)) : undefined;
    return capped(method === 'replace' ? own.replace(from, () => to) : own.split(from).join(to));
  }
  return undefined;
}
