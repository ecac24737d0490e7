/**
 * The project of the r45 #9 input tests (src/tasks/refactor/real-inputs.test.ts): functions whose wrong
 * rewrites differ only on text beyond ASCII, on decimals a double holds nearly, on a bool passed as an int,
 * or at the value of a constant expression.
 */
export const REAL_TEXT_FILES: Record<string, string> = {
  'vouch.toml': '',
  'text.py':
    'import unicodedata\n\n\ndef normalize(name: str) -> str:\n    cleaned = name.strip()\n    return cleaned.lower()\n\n\n' +
    'def width(text: str) -> int:\n    return len(text)\n\n\ndef numeric(text: str) -> bool:\n    return text.isdigit()\n\n\n' +
    'def size(text: str) -> int:\n    return len(text)\n',
  'numbers.py':
    'def scale(x: int) -> int:\n    result = x + x\n    return result\n\n\n' +
    'def is_third(x: float) -> bool:\n    return x == 0.3\n\n\ndef label(n: int) -> str:\n    return str(n)\n',
  'package.json': '{"type":"module"}\n',
  'src/text.ts':
    'export function typedLength(text: string): number {\n  const chars = Array.from(text);\n  return chars.length;\n}\n\n' +
    'export function oneLine(text: string): boolean {\n  return /^.*$/.test(text);\n}\n\n' +
    'export function isThird(x: number): boolean {\n  return x === 0.3;\n}\n',
};
