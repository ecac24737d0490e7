import { importedDefinitions } from '../../context/imported-definitions.js';
import type { LanguageId } from '../../core/languages.js';
import { analyzeFile } from '../../index/analyze-file.js';
import type { IndexStore } from '../../index/index-store.js';

/** A definition the explained code uses, where it is declared. */
export interface Dependency {
  name: string;
  /** workspace-relative */
  path: string;
  line: number;
  endLine: number;
  signature: string;
  /** `file`: defined in the same file; `import`: followed through the file's imports; `index`: the one definition of that name */
  via: 'file' | 'import' | 'index';
}

const MAX_DEPENDENCIES = 12;

/**
 * What the code in `startLine`–`endLine` uses, resolved to declarations: names it references (from the
 * tags query) defined elsewhere in the same file, names the file imports (followed through re-exports
 * with the index), and other names the index defines exactly once. Ambiguous names are left out rather
 * than guessed.
 */
export async function dependenciesOf(
  target: {
    path: string;
    language: LanguageId;
    text: string;
    startLine: number;
    endLine: number;
    importsFrom?: string;
  },
  store: IndexStore | undefined,
): Promise<Dependency[]> {
  const analysis = await analyzeFile(target.language, target.text);
  const inRange = (line: number) => line >= target.startLine && line <= target.endLine;
  const used = new Set(
    analysis.references.filter((reference) => inRange(reference.line)).map((reference) => reference.name),
  );
  const definedInside = new Set(
    analysis.definitions
      .filter((definition) => inRange(definition.startLine) && inRange(definition.endLine))
      .map((definition) => definition.name),
  );
  for (const name of definedInside) used.delete(name);
  const found: Dependency[] = [];
  const resolved = new Set<string>();
  const inFile = target.path !== '<code>';
  for (const definition of analysis.definitions) {
    if (!used.has(definition.name) || resolved.has(definition.name) || !inFile) continue;
    if (inRange(definition.startLine)) continue;
    resolved.add(definition.name);
    found.push({
      name: definition.name,
      path: target.path,
      line: definition.startLine,
      endLine: definition.endLine,
      signature: definition.signature.split('\n')[0]!.trim(),
      via: 'file',
    });
  }
  if (store) {
    const path = inFile
      ? target.path
      : (target.importsFrom ?? `__code__${target.language === 'python' ? '.py' : '.ts'}`);
    for (const imported of importedDefinitions(store, {
      path,
      language: target.language,
      text: target.text,
    })) {
      if (!used.has(imported.local) || resolved.has(imported.local)) continue;
      resolved.add(imported.local);
      found.push({
        name: imported.local,
        path: imported.row.path,
        line: imported.row.startLine,
        endLine: imported.row.endLine,
        signature: imported.row.signature.split('\n')[0]!.trim(),
        via: 'import',
      });
    }
    const rest = [...used].filter((name) => !resolved.has(name));
    const byName = new Map<string, ReturnType<IndexStore['symbolsNamed']>>();
    for (const row of rest.length > 0 ? store.symbolsNamed(rest) : []) {
      const rows = byName.get(row.name) ?? [];
      rows.push(row);
      byName.set(row.name, rows);
    }
    for (const [name, rows] of byName) {
      if (rows.length !== 1) continue;
      const row = rows[0]!;
      found.push({
        name,
        path: row.path,
        line: row.startLine,
        endLine: row.endLine,
        signature: row.signature.split('\n')[0]!.trim(),
        via: 'index',
      });
    }
  }
  return found.slice(0, MAX_DEPENDENCIES);
}
