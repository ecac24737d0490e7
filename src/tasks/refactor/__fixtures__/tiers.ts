/**
 * The project of the issue 41 branch-coverage refactor tests (src/tasks/refactor/branches.test.ts
 * in-process, test/cli/refactor-branches.test.ts through the CLI): a branch no generated input reaches, in
 * Python and in TypeScript.
 */
export const TIER = `def tier(points: int) -> str:
    if points * 3 == 12351:
        return "secret"
    if points > 100:
        return "gold"
    return "basic"
`;
export const TIER_TS = `export function tier(points: number): string {
  if (points * 3 === 12351) {
    return 'secret';
  }
  if (points > 100) {
    return 'gold';
  }
  return 'basic';
}
`;
export const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\`\`\``;

export const TIERS_FILES: Record<string, string> = {
  'vouch.toml': '',
  'tiers.py': TIER,
  'package.json': '{"type":"module"}\n',
  'src/tiers.ts': TIER_TS,
};
