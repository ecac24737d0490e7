import type { Invocation, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../core/check.js';
import type { Rule } from './rule-schema.js';
import type { ToolRun } from './scan.js';

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one run, every rule that fired described once with
 * `properties.tags` (`security`, `external/cwe/cwe-N`) and a numeric `security-severity`, every result
 * with a physical location. Suppressed findings carry a SARIF `suppressions` entry with the reason.
 */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub maps security-severity to critical (≥9), high (≥7), medium (≥4) and low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

export interface SarifOptions {
  version: string;
  rules: ReadonlyMap<string, Rule>;
  tools: ToolRun[];
}

/** Whether every scanner ran to the end, and a notification for each file or scanner that did not. */
function invocation(tools: readonly ToolRun[]): Invocation {
  const notifications: Notification[] = [];
  for (const tool of tools) {
    // a file the scanner could not check (Bandit could not parse it, vouch's analysis did not settle) is no
    // more a pass than a stopped one: `vouch scan` exits 1 on it, and so the SARIF run did not succeed
    for (const { file, reason } of tool.unparsed ?? [])
      notifications.push({
        level: 'error',
        message: { text: `${file}: ${tool.tool}: ${reason}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' } } }],
        associatedRule: { id: 'not-verified' },
      });
    // it was given no file its rules read: it checked nothing (an empty folder is no pass)
    if (tool.nothingChecked)
      notifications.push({
        level: 'error',
        message: { text: `${tool.tool}: ${tool.reason ?? 'nothing checked'}` },
        associatedRule: { id: 'not-verified' },
      });
    if (!tool.overBudget && !tool.stopped?.length) continue;
    if (tool.stopped?.length)
      for (const { file, reason } of tool.stopped)
        notifications.push({
          level: 'error',
          message: { text: `${file}: ${reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' } } }],
          associatedRule: { id: 'not-verified' },
        });
    else
      notifications.push({
        level: 'error',
        message: { text: `${tool.tool}: ${tool.reason ?? 'stopped at its time budget'}` },
        associatedRule: { id: 'not-verified' },
      });
  }
  return {
    executionSuccessful: notifications.length === 0,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

export function toSarif(findings: Finding[], options: SarifOptions): Log {
  const ruleIndex = new Map<string, number>();
  const rules: ReportingDescriptor[] = [];
  for (const finding of findings) {
    if (ruleIndex.has(finding.ruleId)) continue;
    ruleIndex.set(finding.ruleId, rules.length);
    const rule = options.rules.get(finding.ruleId);
    const tags = ['security'];
    if (finding.cwe) tags.push(`external/cwe/cwe-${finding.cwe}`);
    if (finding.tool) tags.push(finding.tool);
    rules.push({
      id: finding.ruleId,
      name: rule?.name ?? finding.ruleId,
      shortDescription: { text: rule?.name ?? finding.ruleId },
      fullDescription: { text: rule?.message ?? finding.message },
      help: { text: rule?.hint ?? finding.hint ?? finding.message },
      defaultConfiguration: { level: LEVEL[finding.severity] },
      properties: {
        tags,
        precision: finding.tool ? 'medium' : 'high',
        'security-severity': SECURITY_SEVERITY[finding.severity],
        ...(finding.cwe ? { cwe: `CWE-${finding.cwe}` } : {}),
      },
    });
  }
  const results = findings.map((finding) => {
    const result: Result = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: LEVEL[finding.severity],
      message: { text: finding.hint ? `${finding.message}. Fix: ${finding.hint}` : finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(finding.file.replace(/\\/g, '/')), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: Math.max(1, finding.line),
              startColumn: Math.max(1, finding.column),
              ...(finding.endLine ? { endLine: finding.endLine } : {}),
              ...(finding.endColumn ? { endColumn: finding.endColumn } : {}),
            },
          },
        },
      ],
      properties: { severity: finding.severity, ...(finding.tool ? { tool: finding.tool } : {}) },
    };
    if (finding.suppressed) {
      result.suppressions = [
        { kind: 'inSource', status: 'accepted', justification: finding.suppressed.reason },
      ];
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vouch',
            semanticVersion: options.version,
            informationUri: 'https://github.com/vouch/vouch',
            rules,
          },
          extensions: options.tools
            .filter((tool) => tool.tool !== 'vouch' && tool.ran)
            .map((tool) => ({ name: tool.tool })),
        },
        // a scanner stopped at its budget (a file or the whole run) did not check what it names: the run
        // did not succeed, and each such file is an error notification, never a clean result
        invocations: [invocation(options.tools)],
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: './' } },
        results,
      },
    ],
  };
}
