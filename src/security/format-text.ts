import type { Finding } from '../core/check.js';
import { SEVERITY_ORDER } from '../core/check.js';
import { createSecretRedactor } from './redact.js';
import type { ScanReport } from './scan.js';

/**
 * Findings grouped by file, most severe first, each with the line it points at and one line of context.
 * Secrets in the excerpts are masked: a scan report is something people paste into tickets. `sources` are
 * the files' texts with the line ends their language reads as `\n` (line-ended-text.ts), so the lines
 * shown are the findings' lines.
 */
export function formatText(report: ScanReport, sources: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const mask = createSecretRedactor().begin();
  for (const [file, findings] of byFile) {
    out.push(`\n${file}`);
    const lines = sources.get(file)?.split('\n') ?? [];
    const ordered = [...findings].sort(
      (a, b) => a.line - b.line || SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity],
    );
    for (const finding of ordered) {
      const cwe = finding.cwe ? ` CWE-${finding.cwe}` : '';
      const tool = finding.tool ? ` [${finding.tool}]` : '';
      const status = finding.suppressed ? ` (suppressed: ${finding.suppressed.reason})` : '';
      out.push(
        `  ${finding.line}:${finding.column}  ${finding.severity.toUpperCase()}${cwe}  ${finding.ruleId}${tool}${status}`,
      );
      out.push(`    ${finding.message}`);
      for (
        let number = Math.max(1, finding.line - 1);
        number <= Math.min(lines.length, finding.line);
        number++
      ) {
        const text = mask.redact(lines[number - 1] ?? '').replace(/\t/g, '  ');
        const marker = number === finding.line ? '>' : ' ';
        out.push(
          `    ${marker} ${String(number).padStart(4)} | ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`,
        );
      }
      if (finding.hint && !finding.suppressed) out.push(`    fix: ${finding.hint}`);
    }
  }
  out.push('');
  out.push(summaryLine(report));
  return `${out.join('\n')}\n`;
}

export function summaryLine(report: ScanReport): string {
  const counts = new Map<string, number>();
  let suppressed = 0;
  for (const finding of report.findings) {
    if (finding.suppressed) suppressed++;
    else counts.set(finding.severity, (counts.get(finding.severity) ?? 0) + 1);
  }
  const parts = ['critical', 'high', 'medium', 'low', 'info']
    .filter((severity) => counts.get(severity))
    .map((severity) => `${counts.get(severity)} ${severity}`);
  const tools = report.tools
    .map((tool) => {
      if (!tool.ran) return `${tool.tool} (not run: ${tool.reason ?? 'unavailable'})`;
      const notes = [
        tool.cached ? `${tool.cached} file(s) from the cache` : '',
        tool.unconfirmed ? `${tool.unconfirmed} imprecise finding(s) no vouch rule confirmed, left out` : '',
        tool.limitation ?? '',
        // the reason says what it is: Bandit's syntax error, vouch's line it could not parse or analysis that did not settle
        ...(tool.unparsed ?? []).map(({ file, reason }) => `${file}: ${reason}`),
        ...(tool.stopped ?? []).map(({ file, reason }) => `${file} ${reason}`),
      ].filter(Boolean);
      if (tool.notRun?.length)
        notes.push(`${new Set(tool.notRun.map((rule) => rule.id)).size} rule(s) not run, listed below`);
      return notes.length ? `${tool.tool} (${notes.join('; ')})` : tool.tool;
    })
    .join(', ');
  const found = parts.length ? parts.join(', ') : 'no findings';
  // Team rules vouch's matcher cannot evaluate are listed, one per line: never passed over in silence.
  const notRun = report.tools.flatMap((tool) =>
    (tool.notRun ?? []).map((rule) => `\n  not run: ${rule.id} (${rule.file}) ${rule.reason}`),
  );
  // Files a scanner stopped at its budget, or could not parse or settle, were not checked (whole): said on a
  // line of its own, never a quiet pass.
  const stopped = report.tools.flatMap((tool) =>
    tool.ran &&
    (tool.overBudget || tool.stopped?.length || tool.unparsed?.length || tool.nothingChecked) &&
    tool.reason
      ? [`\nNOT VERIFIED: ${tool.tool}: ${tool.reason}`]
      : [],
  );
  return `${report.files} file(s) scanned in ${(report.durationMs / 1000).toFixed(2)}s${report.cached ? ` (${report.cached} unchanged, from the cache)` : ''}: ${found}${suppressed ? `, ${suppressed} suppressed` : ''}. Scanners: ${tools}.${notRun.join('')}${stopped.join('')}`;
}
