import type { ChatMessage } from '../../model/types.js';
import { numbered } from '../task-frame.js';
import type { CodeTarget } from '../test/target.js';

const SYSTEM = `You are vouch, a careful senior engineer refactoring code. A refactor must not change behaviour: the project's tests run before and after it in a sandbox, and the old and new versions are called side by side on hundreds of inputs (from the signature and types, the docstring's examples and the existing tests), comparing return values and their types, exceptions, printed output and changes to arguments. Keep the name and signature. Reply with one fenced code block holding the complete new version of what you were given, then two or three sentences on what you changed and why.`;

export function targetLabel(target: CodeTarget): string {
  if (!target.symbol) return `the file \`${target.path}\``;
  return `\`${target.symbol.parent ? `${target.symbol.parent}.` : ''}${target.symbol.name}\` in \`${target.path}\``;
}

export function refactorMessages(target: CodeTarget, goal: string): ChatMessage[] {
  const lines = target.source.split('\n');
  const given = target.symbol ? lines.slice(target.startLine - 1, target.endLine).join('\n') : target.source;
  return [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: `Refactor ${targetLabel(target)}. Goal: ${goal}

${target.symbol ? `The whole file, for reference (line numbers are not part of it):\n\`\`\`${target.language}\n${numbered(target.source)}\n\`\`\`\n\nRewrite only this, and reply with its complete new version:\n` : ''}\`\`\`${target.language}
${given}
\`\`\``,
    },
  ];
}

export function repairMessages({
  target,
  goal,
  previous,
  problems,
}: {
  target: CodeTarget;
  goal: string;
  previous: string;
  problems: string[];
}): ChatMessage[] {
  return [
    ...refactorMessages(target, goal),
    { role: 'assistant', content: `\`\`\`${target.language}\n${previous}\n\`\`\`` },
    {
      role: 'user',
      content: `Your refactor changes behaviour:
${problems.map((problem) => `- ${problem}`).join('\n')}

Fix it so the new version behaves exactly like the old one on every input (keep the goal where you can). Reply with the complete corrected version in one fenced block.`,
    },
  ];
}
