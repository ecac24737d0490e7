import { languageForPath } from '../core/languages.js';
import type { AssembledContext, ContextSnippet } from './types.js';

const FENCE_LANGUAGE: Record<string, string> = {
  typescript: 'ts',
  javascript: 'js',
  python: 'python',
  go: 'go',
  rust: 'rust',
  java: 'java',
  tsx: 'tsx',
};

/** The heading and fence lines around a snippet: what it costs beyond its own text. */
export function snippetHeading(snippet: ContextSnippet): string {
  return `### ${snippet.path}:${snippet.startLine}-${snippet.endLine}\n\`\`\`python\n\n\`\`\`\n\n`;
}

function fence(snippet: ContextSnippet): string {
  const language = languageForPath(snippet.path);
  const tag = language ? (FENCE_LANGUAGE[language] ?? language) : '';
  const ticks = snippet.source.includes('```') ? '````' : '```';
  return `${ticks}${tag}\n${snippet.source}\n${ticks}`;
}

/**
 * The context as prompt text: environment, repo map, relevant code (each piece headed by where it comes
 * from: the why — `reason` — stays in the snippet, for `--json` and the faces; in the prompt it cost
 * 10–20 tokens a snippet, at twenty snippets a sixth of a 2,000-token context, for little the code itself
 * does not say),
 * the conversation, and the code around the cursor last, nearest to what the model writes.
 */
export function renderContextForPrompt(context: AssembledContext): string {
  const parts: string[] = [];
  if (context.environmentText) parts.push(`## Environment\n${context.environmentText}`);
  const map = context.snippets.find((snippet) => snippet.kind === 'repo-map');
  if (map) parts.push(`## Repository map (signatures of the most relevant definitions)\n${map.source}`);
  const code = context.snippets.filter((snippet) =>
    ['definition', 'retrieved', 'recent'].includes(snippet.kind),
  );
  if (code.length > 0) {
    parts.push('## Relevant code from this repository');
    for (const snippet of code) {
      parts.push(`### ${snippet.path}:${snippet.startLine}-${snippet.endLine}\n${fence(snippet)}`);
    }
  }
  const history = context.snippets.filter((snippet) => snippet.kind === 'history');
  if (history.length > 0)
    parts.push(`## Conversation so far\n${history.map((snippet) => snippet.source).join('\n\n')}`);
  const cursor = context.snippets.find((snippet) => snippet.kind === 'cursor');
  if (cursor)
    parts.push(
      `## ${cursor.path}:${cursor.startLine}-${cursor.endLine} — ${cursor.reason}\n${fence(cursor)}`,
    );
  return parts.join('\n\n');
}
