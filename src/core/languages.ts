import { basename, extname } from 'node:path';
import type { LanguageId } from './language-ids.js';

export { LANGUAGE_IDS, type LanguageId } from './language-ids.js';

/** Languages vouch can parse with tree-sitter, by the id used everywhere in vouch (`--lang`, queries/). */
export const LANGUAGES = {
  python: { grammar: 'python', extensions: ['.py', '.pyi', '.pyw'] },
  javascript: { grammar: 'javascript', extensions: ['.js', '.mjs', '.cjs', '.jsx'] },
  typescript: { grammar: 'typescript', extensions: ['.ts', '.mts', '.cts'] },
  tsx: { grammar: 'tsx', extensions: ['.tsx'] },
  go: { grammar: 'go', extensions: ['.go'] },
  java: { grammar: 'java', extensions: ['.java'] },
  rust: { grammar: 'rust', extensions: ['.rs'] },
  c: { grammar: 'c', extensions: ['.c', '.h'] },
  cpp: { grammar: 'cpp', extensions: ['.cc', '.cpp', '.cxx', '.hpp', '.hh', '.hxx'] },
  csharp: { grammar: 'c_sharp', extensions: ['.cs'] },
  ruby: { grammar: 'ruby', extensions: ['.rb'] },
  php: { grammar: 'php', extensions: ['.php'] },
  kotlin: { grammar: 'kotlin', extensions: ['.kt', '.kts'] },
  swift: { grammar: 'swift', extensions: ['.swift'] },
  scala: { grammar: 'scala', extensions: ['.scala'] },
  lua: { grammar: 'lua', extensions: ['.lua'] },
  bash: { grammar: 'bash', extensions: ['.sh', '.bash'] },
} as const satisfies Record<LanguageId, { grammar: string; extensions: readonly string[] }>;

/** What users may type for `--lang`, mapped to the language id. */
const ALIASES: Record<string, LanguageId> = {
  py: 'python',
  python3: 'python',
  js: 'javascript',
  node: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  golang: 'go',
  rs: 'rust',
  'c++': 'cpp',
  cs: 'csharp',
  'c#': 'csharp',
  rb: 'ruby',
  kt: 'kotlin',
  sh: 'bash',
  shell: 'bash',
};

const BY_EXTENSION = new Map<string, LanguageId>();
for (const [id, spec] of Object.entries(LANGUAGES)) {
  for (const extension of spec.extensions) BY_EXTENSION.set(extension, id as LanguageId);
}

export function isLanguageId(value: string): value is LanguageId {
  return Object.hasOwn(LANGUAGES, value);
}

/** `--lang` value → language id, or undefined when unknown. */
export function normalizeLanguage(value: string): LanguageId | undefined {
  const lower = value.trim().toLowerCase();
  if (isLanguageId(lower)) return lower;
  return ALIASES[lower];
}

/** The language of a file by its name, or undefined when vouch has no grammar for it. */
export function languageForPath(path: string): LanguageId | undefined {
  const extension = extname(path).toLowerCase();
  if (extension) return BY_EXTENSION.get(extension);
  const name = basename(path);
  if (name === 'Dockerfile' || name === 'Makefile') return undefined;
  return undefined;
}

export function knownLanguages(): LanguageId[] {
  return Object.keys(LANGUAGES) as LanguageId[];
}
