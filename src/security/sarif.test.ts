// biome-ignore-all lint/suspicious/noExplicitAny: the test walks untyped SARIF JSON as a schema validator would
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/check.js';
import { defaultRuleSet } from './rules.js';
import { toSarif } from './sarif.js';

/**
 * The constraints of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that matter for a log like
 * ours, plus what GitHub code scanning additionally requires of uploaded results.
 */
function validateSarif(log: any): string[] {
  const errors: string[] = [];
  const need = (condition: boolean, message: string) => {
    if (!condition) errors.push(message);
  };
  need(log.version === '2.1.0', 'sarifLog.version must be "2.1.0"');
  need(Array.isArray(log.runs), 'sarifLog.runs is required (array)');
  for (const [r, run] of (log.runs ?? []).entries()) {
    need(typeof run.tool?.driver?.name === 'string', `runs[${r}].tool.driver.name is required`);
    const rules: any[] = run.tool?.driver?.rules ?? [];
    const ids = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      need(typeof rule.id === 'string' && rule.id.length > 0, `rules[${i}].id is required`);
      need(!ids.has(rule.id), `rules[${i}].id is unique`);
      ids.add(rule.id);
      for (const key of ['shortDescription', 'fullDescription', 'help']) {
        if (rule[key] !== undefined)
          need(typeof rule[key].text === 'string', `rules[${i}].${key}.text is required`);
      }
      const level = rule.defaultConfiguration?.level;
      if (level !== undefined)
        need(['none', 'note', 'warning', 'error'].includes(level), `rules[${i}] level`);
      // GitHub: tags and a numeric security-severity string decide how alerts are shown.
      need(
        Array.isArray(rule.properties?.tags) && rule.properties.tags.includes('security'),
        `rules[${i}] tags security`,
      );
      need(
        /^\d+(\.\d+)?$/.test(rule.properties?.['security-severity'] ?? ''),
        `rules[${i}] security-severity`,
      );
    }
    for (const [i, result] of (run.results ?? []).entries()) {
      need(
        typeof result.message?.text === 'string' || typeof result.message?.id === 'string',
        `results[${i}].message`,
      );
      need(typeof result.ruleId === 'string', `results[${i}].ruleId`);
      if (result.ruleIndex !== undefined)
        need(rules[result.ruleIndex]?.id === result.ruleId, `results[${i}].ruleIndex`);
      need(['none', 'note', 'warning', 'error'].includes(result.level), `results[${i}].level`);
      need(Array.isArray(result.locations) && result.locations.length > 0, `results[${i}].locations`);
      for (const location of result.locations ?? []) {
        const physical = location.physicalLocation;
        need(typeof physical?.artifactLocation?.uri === 'string', `results[${i}] artifactLocation.uri`);
        need(
          Number.isInteger(physical?.region?.startLine) && physical.region.startLine >= 1,
          `results[${i}] startLine >= 1`,
        );
        need(
          Number.isInteger(physical?.region?.startColumn) && physical.region.startColumn >= 1,
          `results[${i}] startColumn >= 1`,
        );
      }
      for (const suppression of result.suppressions ?? []) {
        need(['inSource', 'external'].includes(suppression.kind), `results[${i}] suppression kind`);
      }
    }
  }
  return errors;
}

const findings: Finding[] = [
  {
    ruleId: 'sql-injection',
    file: 'app/views.py',
    line: 12,
    column: 5,
    severity: 'high',
    message: 'SQL',
    hint: 'use parameters',
    cwe: 89,
  },
  {
    ruleId: 'sql-injection',
    file: 'app/other file.py',
    line: 3,
    column: 1,
    severity: 'high',
    message: 'SQL',
    cwe: 89,
    suppressed: { reason: 'ORM' },
  },
  {
    ruleId: 'bandit.B303',
    file: 'app/h.py',
    line: 1,
    column: 1,
    severity: 'medium',
    message: 'md5',
    cwe: 327,
    tool: 'bandit',
  },
  {
    ruleId: 'suppression-without-reason',
    file: 'app/h.py',
    line: 2,
    column: 3,
    severity: 'low',
    message: 'no reason',
  },
];

describe('toSarif', () => {
  const log = toSarif(findings, {
    version: '0.1.0',
    rules: defaultRuleSet().byId,
    tools: [
      { tool: 'vouch', ran: true, findings: 4 },
      { tool: 'bandit', ran: true, findings: 1 },
    ],
  }) as any;

  it('satisfies the SARIF 2.1.0 schema and GitHub code scanning', () => {
    expect(validateSarif(log)).toEqual([]);
  });

  it('describes each rule once with CWE tags and severity, and marks suppressions', () => {
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((rule: any) => rule.id)).toEqual([
      'sql-injection',
      'bandit.B303',
      'suppression-without-reason',
    ]);
    expect(rules[0].properties.tags).toEqual(['security', 'external/cwe/cwe-89']);
    expect(rules[0].properties['security-severity']).toBe('8.0');
    expect(rules[0].name).toBe('SQL injection');
    const results = log.runs[0].results;
    expect(results[1].locations[0].physicalLocation.artifactLocation.uri).toBe('app/other%20file.py');
    expect(results[1].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'ORM' }]);
    expect(log.runs[0].tool.extensions).toEqual([{ name: 'bandit' }]);
  });

  it('the validator catches broken logs', () => {
    expect(
      validateSarif({
        version: '2.0.0',
        runs: [{ tool: { driver: {} }, results: [{ level: 'bad', locations: [] }] }],
      }).length,
    ).toBeGreaterThan(3);
  });
});
