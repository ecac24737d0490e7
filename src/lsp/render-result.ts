import type { TaskResult } from '../tasks/index.js';

const FENCE: Record<string, string> = {
  python: 'python',
  javascript: 'javascript',
  typescript: 'ts',
  tsx: 'tsx',
};

/** A task's result as a Markdown document: the answer, its code, and what was verified (never left out). */
export function renderResult(result: TaskResult): string {
  const lines: string[] = [`# vouch ${result.task}`, ''];
  const { verification } = result;
  lines.push(
    `**Verification: ${verification.status}** · confidence ${result.confidence}${verification.blocked ? ' · **blocked**' : ''} · ${result.model}`,
    '',
  );
  for (const reason of verification.reasons) lines.push(`- ${reason}`);
  if (verification.reasons.length) lines.push('');
  const evidence = verification.confidenceEvidence ?? [];
  if (verification.confidenceReasons.length || evidence.length) {
    lines.push(`**Confidence ${result.confidence}:** ${verification.confidenceReasons.join('; ')}`, '');
    for (const item of evidence)
      lines.push(`- evidence: ${item.detail} (${item.independent ? 'independent' : "the model's own"})`);
    if (evidence.length) lines.push('');
  }
  if (result.explanation.trim()) lines.push(result.explanation.trim(), '');
  const fence = FENCE[result.language ?? ''] ?? '';
  if (result.generated_code.trim()) lines.push(`\`\`\`${fence}`, result.generated_code.trimEnd(), '```', '');
  for (const edit of result.edits)
    lines.push(`## ${edit.path}`, '', '```diff', edit.diff.trimEnd(), '```', '');
  if (result.test_stubs.trim())
    lines.push('## Tests', '', `\`\`\`${fence}`, result.test_stubs.trimEnd(), '```', '');
  if (verification.checks.length) {
    lines.push('## Checks', '');
    for (const check of verification.checks) {
      lines.push(`- **${check.name}**: ${check.status}${check.reason ? ` — ${check.reason}` : ''}`);
      for (const finding of check.findings)
        lines.push(
          `  - ${finding.file}:${finding.line}:${finding.column} ${finding.severity}: ${finding.message}`,
        );
    }
    lines.push('');
  }
  if (result.citations.length) {
    lines.push('## Sources', '');
    for (const citation of result.citations) lines.push(`- ${citation.path}:${citation.startLine}`);
    lines.push('');
  }
  for (const note of result.notes) lines.push(`> ${note}`);
  return `${lines.join('\n').trimEnd()}\n`;
}
