/**
 * The project of the issue 41 input-choice refactor tests (src/tasks/refactor/inputs.test.ts in-process,
 * test/cli/refactor-inputs.test.ts through the CLI): functions whose rewrites differ only at the code's
 * constants, and bisect rewrites of age_group, one right, one wrong at its limits.
 */
export const AGE_GROUP = `def age_group(age: int) -> str:
    if age < 0:
        raise ValueError("age must not be negative")
    if age < 13:
        return "child"
    elif age < 20:
        return "teen"
    elif age < 65:
        return "adult"
    else:
        return "senior"
`;
export const bisected = (which: string) =>
  `\`\`\`python\nimport bisect\n\n\ndef age_group(age: int) -> str:\n    if age < 0:\n        raise ValueError("age must not be negative")\n    return ("child", "teen", "adult", "senior")[bisect.${which}((13, 20, 65), age)]\n\`\`\``;

export const INPUTS_FILES: Record<string, string> = {
  'vouch.toml': '',
  'ages.py': AGE_GROUP,
  // a gap no random pair reaches (both in ±1000) and no pair of the type's edges makes: only the
  // code's constants, tried together, find it (with a gap of 10, random pairs found it on the old code)
  'gaps.py': 'def far_apart(a: int, b: int) -> bool:\n    return a - b > 5000\n',
  'clamp.py': 'def larger(a: float, b: float) -> float:\n    return max(a, b)\n',
  'package.json': '{"type":"module"}\n',
  'src/ages.ts':
    "export function ageGroup(age: number): string {\n  if (age < 13) return 'child';\n  if (age < 20) return 'teen';\n  if (age < 65) return 'adult';\n  return 'senior';\n}\n",
};
