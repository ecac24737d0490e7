import { readFileSync } from 'node:fs';
import type { LanguageId } from '../../core/languages.js';
import type { WorkspaceFile } from '../../workspace/files.js';

/**
 * The project's source files a request names, when the index has nothing to say (a workspace never
 * indexed gives the context only its environment): each file scored by the request's words in its path
 * (three times) and its text (up to five times each), identifiers split (`applyDiscount` → apply,
 * discount; `cart_total` → cart, total). The context's own ranking comes first when there is an index.
 */

const STOP = new Set(
  'the a an and or to of in on for with from into by at it its is be as that this add make change use when new so then than not no all any each every their them our'.split(
    ' ',
  ),
);
const RUNNABLE: ReadonlySet<LanguageId> = new Set(['python', 'typescript', 'tsx', 'javascript']);
const TEST_FILE =
  /(^|\/)(tests?|__tests__|spec)\/|(^|\/)test_[^/]*\.py$|_test\.py$|\.(test|spec)\.[cm]?[jt]sx?$/;

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 3 && !STOP.has(word))
    .map((word) => (word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word));
}

export function pickFiles(request: string, files: readonly WorkspaceFile[], limit: number): string[] {
  const wanted = [...new Set(words(request))];
  if (wanted.length === 0) return [];
  const scored: { path: string; score: number }[] = [];
  for (const file of files) {
    if (!file.language || !RUNNABLE.has(file.language) || TEST_FILE.test(file.path)) continue;
    if (file.size > 48_000) continue;
    let text: string;
    try {
      text = readFileSync(file.absolutePath, 'utf8');
    } catch {
      continue;
    }
    const pathWords = new Set(words(file.path));
    const counts = new Map<string, number>();
    for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
    let score = 0;
    for (const word of wanted) score += (pathWords.has(word) ? 3 : 0) + Math.min(counts.get(word) ?? 0, 5);
    if (score > 0) scored.push({ path: file.path, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
    .slice(0, limit)
    .map((entry) => entry.path);
}

/** The language most of the project's runnable source files are in (Python when there are none). */
export function mainLanguage(files: readonly WorkspaceFile[]): LanguageId {
  const counts = new Map<LanguageId, number>();
  for (const file of files)
    if (file.language && RUNNABLE.has(file.language))
      counts.set(file.language, (counts.get(file.language) ?? 0) + 1);
  const tsx = counts.get('tsx') ?? 0;
  if (tsx) counts.set('typescript', (counts.get('typescript') ?? 0) + tsx);
  counts.delete('tsx');
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'python';
}
