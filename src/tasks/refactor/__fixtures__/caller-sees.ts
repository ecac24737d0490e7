/**
 * The project of the issue 57 refactor tests (src/tasks/refactor/caller-sees.test.ts in-process,
 * test/cli/refactor-caller-sees.test.ts through the CLI): functions whose refactors a caller can tell apart.
 */
export const EXPAND_INDENT = `def expand_indent(line: str) -> int:
    r"""Return the amount of indentation (pycodestyle)."""
    line = line.rstrip('\\n\\r')
    if '\\t' not in line:
        return len(line) - len(line.lstrip())
    result = 0
    for char in line:
        if char == '\\t':
            result = result // 8 * 8 + 8
        elif char == ' ':
            result += 1
        else:
            break
    return result
`;

export const CALLER_SEES_FILES: Record<string, string> = {
  'vouch.toml': '',
  'weights.py':
    'def kilograms(grams: float) -> float:\n    if grams <= 0:\n        raise ValueError("weight must be positive")\n    return grams / 1000\n',
  'ratios.py':
    'import logging\n\nlog = logging.getLogger(__name__)\n\n\ndef ratio(a: int, b: int) -> float:\n    if b == 0:\n        return 0.0\n    return a / b\n',
  'indent.py': EXPAND_INDENT,
  'tests/test_indent.py':
    "from indent import expand_indent\n\n\ndef test_indent():\n    assert expand_indent('    x') == 4\n    assert expand_indent('\\t  x') == 10\n    assert expand_indent('\\t') == 8\n",
  'clamp.py': 'def clamp01(x: float) -> float:\n    return max(0.0, min(1.0, x))\n',
  'score.py': 'def score(x: float) -> float:\n    return x * 2\n',
  'prices.py': 'def price(amount: float) -> float:\n    return round(amount * 1.2, 2)\n',
  'dedupe.py':
    'def dedupe(items: list[str]) -> list[str]:\n    seen = set()\n    out = []\n    for item in items:\n        if item not in seen:\n            seen.add(item)\n            out.append(item)\n    return out\n',
  'codes.py': 'def discount(code: str) -> int:\n    return 10 if code.upper() == "SAVE10" else 0\n',
};
