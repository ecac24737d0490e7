/**
 * The ids of the languages vouch parses (languages.ts maps each to its grammar and file extensions). Kept
 * apart, with nothing of Node in it, because the result schemas the web client's types come from name
 * them (tasks/result-schema.ts).
 */
export const LANGUAGE_IDS = [
  'python',
  'javascript',
  'typescript',
  'tsx',
  'go',
  'java',
  'rust',
  'c',
  'cpp',
  'csharp',
  'ruby',
  'php',
  'kotlin',
  'swift',
  'scala',
  'lua',
  'bash',
] as const;

export type LanguageId = (typeof LANGUAGE_IDS)[number];
