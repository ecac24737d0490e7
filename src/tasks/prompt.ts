import { LANGUAGES, type LanguageId } from '../core/languages.js';
import type { ChatMessage } from '../model/types.js';
import { securityRulesFor } from './security-rules.js';
import { candidateModule, moduleHint } from './tests-module.js';

/**
 * The instructions every generating task starts from. Security rules are stated up front because models
 * write injectable SQL and hard-coded secrets with the same confidence as correct code; the verifier
 * still checks everything, but a model told the rules needs fewer repairs.
 */
export const GENERATE_SYSTEM_PROMPT = `You are vouch, a careful senior software engineer. You write code that is correct, secure and fits the project it is meant for. Everything you write will be parsed, type-checked, run against tests in a sandbox and scanned for security flaws before anyone sees it.

Answer in this shape:
1. One fenced code block, tagged with its language, holding the complete code.
2. A short explanation: what the code does and why it is written this way (two to six sentences).
3. A second fenced block with unit tests for it in the project's test framework.

Rules:
- Use only the standard library and the packages the project already has, at the versions listed; if a new dependency is truly needed, say so in the explanation.
- Never call a function or method you are not sure exists in the installed version.
- Security: parameterise SQL; never build shell commands, file paths, URLs, HTML, LDAP or XPath queries from untrusted input without validation or escaping; no eval/exec of input; no hard-coded passwords, keys or tokens (read them from the environment or a secret store); cryptographically secure randomness for tokens; TLS verification on; safe parsers (yaml.safe_load, defused XML); never unpickle untrusted data.
- Match the surrounding code's style, names and conventions.`;

export interface GeneratePromptInput {
  spec: string;
  language: LanguageId | undefined;
  /** workspace-relative path the code is meant for */
  file?: string;
  /** rendered repository context (environment, definitions, retrieved code), when available */
  context?: string;
  /** earlier turns of a conversation */
  history?: ChatMessage[];
  /**
   * leave out the language's security rules (the general rule stays): for models whose context window
   * is too small to spend ~300 tokens on them
   */
  compact?: boolean;
}

/** Below this context window (tokens), prompts are built compact. */
export const COMPACT_PROMPT_BELOW = 4096;

function languageName(language: LanguageId): string {
  const names: Partial<Record<LanguageId, string>> = {
    python: 'Python',
    javascript: 'JavaScript',
    typescript: 'TypeScript',
    tsx: 'TypeScript (TSX)',
    go: 'Go',
    java: 'Java',
    rust: 'Rust',
    csharp: 'C#',
    cpp: 'C++',
  };
  return names[language] ?? language;
}

export function buildGenerateMessages(input: GeneratePromptInput): ChatMessage[] {
  const parts: string[] = [];
  if (input.context?.trim()) parts.push(`Context from the project:\n\n${input.context.trim()}`);
  const target: string[] = [];
  if (input.language)
    target.push(
      `Language: ${languageName(input.language)} (fence tag \`${LANGUAGES[input.language].grammar}\`).`,
    );
  if (input.file) target.push(`The code is meant for the file \`${input.file}\`.`);
  target.push(moduleHint(input.language, candidateModule(input.file)));
  if (target.length > 0) parts.push(target.join('\n'));
  parts.push(`Task:\n${input.spec.trim()}`);
  const rules = input.compact ? '' : securityRulesFor(input.language);
  return [
    { role: 'system', content: rules ? `${GENERATE_SYSTEM_PROMPT}\n\n${rules}` : GENERATE_SYSTEM_PROMPT },
    ...(input.history ?? []),
    { role: 'user', content: parts.join('\n\n') },
  ];
}

const SPOKEN_LANGUAGES: [RegExp, LanguageId][] = [
  [/\btypescript\b|\btsx?\b/i, 'typescript'],
  [/\bjavascript\b|\bnode(\.js)?\b|\bjs\b/i, 'javascript'],
  [/\bpython\b|\bpy\b|\bdjango\b|\bflask\b|\bpandas\b/i, 'python'],
  [/\bgolang\b|\bin go\b|\bgo (function|program|module)\b/i, 'go'],
  [/\brust\b/i, 'rust'],
  [/\bjava\b/i, 'java'],
];

/** The language a spec names in words ("a Python function that…"), if any. */
export function languageFromSpec(spec: string): LanguageId | undefined {
  for (const [pattern, language] of SPOKEN_LANGUAGES) if (pattern.test(spec)) return language;
  return undefined;
}
