import { BREAKING_CHANGES } from './breaking-changes-data.js';
import type { BreakingChangeNote, EnvironmentPackage, LanguageVersion } from './types.js';

/** The first dotted number in a version or range: `^18.2.0` → [18, 2, 0], `>=3.10,<4` → [3, 10]. */
export function versionNumbers(text: string | undefined): number[] | undefined {
  const match = /(\d+(?:\.\d+)*)/.exec(text ?? '');
  return match ? match[1]!.split('.').map(Number) : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** The curated notes that apply to the versions found (pinned/installed first, else the range's floor). */
export function breakingChangesFor(
  packages: EnvironmentPackage[],
  languages: LanguageVersion[],
): BreakingChangeNote[] {
  const found: BreakingChangeNote[] = [];
  const versions = new Map<string, string>();
  for (const pkg of packages) {
    const version = pkg.version ?? pkg.range;
    if (version) versions.set(`${pkg.ecosystem}:${pkg.name}`, version);
  }
  for (const language of languages)
    if (language.version) versions.set(`runtime:${language.name}`, language.version);
  for (const entry of BREAKING_CHANGES) {
    const raw = versions.get(`${entry.ecosystem}:${entry.name}`);
    const numbers = versionNumbers(raw);
    if (!raw || !numbers) continue;
    if (compare(numbers, versionNumbers(entry.from)!) < 0) continue;
    if (entry.below && compare(numbers, versionNumbers(entry.below)!) >= 0) continue;
    const version = raw.replace(/^[~^=v\s]+/, '');
    found.push({ ecosystem: entry.ecosystem, name: entry.name, version, note: entry.note });
  }
  return found;
}
