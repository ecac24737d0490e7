import type { ChatMessage } from '../../model/types.js';
import type { DesignEvidence, PatternEvidence } from './evidence.js';

export const DESIGN_SYSTEM_PROMPT = `You are vouch, advising a tech lead on how to add something to their codebase. Ground the proposal in the patterns the codebase already uses, which are listed for you with their paths and line numbers: the module the new code would live in, the base class or interface it would extend, how it would raise and define its errors, and the test style (framework, fixtures) its tests would follow.

Cite every pattern you rely on as [path:line] or [path:start-end], with the path and line numbers exactly as shown. Never cite a file or a line that is not shown. When the codebase has no pattern for part of the request, say so.

Answer in this form:
## Proposal
Where it lives, what it extends, how errors are handled, how it is tested — each with its citation. A short sketch of the code when it helps.
## Alternatives
### <a name for the option>
What it is, then "Trade-offs:" — what it gains and what it costs compared with the proposal.
(Two or three alternatives.)`;

const SECTIONS: { kind: PatternEvidence['kind'][]; title: string }[] = [
  { kind: ['similar'], title: 'Code most like the request (where it would live)' },
  { kind: ['base'], title: 'Base classes and interfaces that code extends' },
  { kind: ['error'], title: 'How that code raises and defines errors' },
  { kind: ['test', 'fixture'], title: 'How those modules are tested' },
];

function fenceLanguage(path: string): string {
  if (path.endsWith('.py')) return 'python';
  if (/\.[cm]?tsx?$/.test(path)) return 'typescript';
  return 'javascript';
}

/** The evidence as the prompt shows it: each item headed by its citation and what it shows, lines numbered. */
export function renderEvidence(evidence: DesignEvidence): string {
  const parts: string[] = [];
  if (evidence.modules.length)
    parts.push(
      `Modules with the most similar code: ${evidence.modules
        .map(
          (module) =>
            `${module.path} (defines ${module.definitions.slice(0, 6).join('; ') || 'nothing indexed'})`,
        )
        .join(' · ')}`,
    );
  if (evidence.testFramework) parts.push(`The tests of these modules use ${evidence.testFramework}.`);
  const items = [...evidence.similar, ...evidence.bases, ...evidence.errors, ...evidence.tests];
  for (const section of SECTIONS) {
    const inSection = items.filter((item) => section.kind.includes(item.kind));
    if (inSection.length === 0) continue;
    parts.push(`## ${section.title}`);
    for (const item of inSection)
      parts.push(
        `[${item.path}:${item.startLine}-${item.endLine}] ${item.label}\n\`\`\`${fenceLanguage(item.path)}\n${item.excerpt
          .split('\n')
          .map((line, index) => `${String(item.startLine + index).padStart(4)}  ${line}`)
          .join('\n')}\n\`\`\``,
      );
  }
  return parts.join('\n\n');
}

export function designMessages(
  request: string,
  evidence: DesignEvidence,
  extraContext?: string,
): ChatMessage[] {
  const found = renderEvidence(evidence);
  return [
    { role: 'system', content: DESIGN_SYSTEM_PROMPT },
    {
      role: 'user',
      content: `${found ? `Patterns this codebase already uses (from its index):\n\n${found}\n\n` : ''}${
        extraContext ? `Other context from the repository:\n\n${extraContext}\n\n` : ''
      }Request: ${request}`,
    },
  ];
}
