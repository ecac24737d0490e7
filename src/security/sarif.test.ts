// biome-ignore-all lint/suspicious/noExplicitAny: the test walks the SARIF log as untyped JSON
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// CommonJS packages: under NodeNext their default import is the module, whose `default` is the export.
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/check.js';
import { defaultRuleSet } from './rules.js';
import { toSarif } from './sarif.js';

/** The official SARIF 2.1.0 schema (draft-04; see __fixtures__/sarif/README.md for where it comes from). */
const schema = JSON.parse(
  readFileSync(join(import.meta.dirname, '__fixtures__', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'),
);
// The schema's language pattern (`^[a-zA-Z]{2}|…]?$`) is valid only without the `u` flag.
const ajv = new ajvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validateSchema = ajv.compile(schema);

/**
 * Errors of a log against the SARIF 2.1.0 schema, plus what GitHub code scanning additionally needs:
 * every rule tagged `security` with a numeric `security-severity`, and result indices that point at
 * their rule.
 */
function validateSarif(log: any): string[] {
  const errors = validateSchema(log)
    ? []
    : (validateSchema.errors ?? []).map(
        (error: { instancePath: string; message?: string }) =>
          `${error.instancePath || '/'} ${error.message}`,
      );
  for (const run of Array.isArray(log?.runs) ? log.runs : []) {
    const rules: any[] = run?.tool?.driver?.rules ?? [];
    for (const [i, rule] of rules.entries()) {
      if (!rule?.properties?.tags?.includes('security')) errors.push(`rules[${i}] is not tagged security`);
      if (!/^\d+(\.\d+)?$/.test(rule?.properties?.['security-severity'] ?? ''))
        errors.push(`rules[${i}] has no numeric security-severity`);
    }
    for (const [i, result] of (run?.results ?? []).entries()) {
      if (result.ruleIndex !== undefined && rules[result.ruleIndex]?.id !== result.ruleId)
        errors.push(`results[${i}].ruleIndex points at another rule`);
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

  it('a file a scanner could not check (unparsed, unsettled) makes the run unsuccessful, named in a notification', () => {
    const clean = toSarif([], {
      version: '0.1.0',
      rules: defaultRuleSet().byId,
      tools: [{ tool: 'vouch', ran: true, findings: 0 }],
    }) as any;
    expect(clean.runs[0].invocations[0].executionSuccessful).toBe(true);
    const unsettled = toSarif([], {
      version: '0.1.0',
      rules: defaultRuleSet().byId,
      tools: [
        {
          tool: 'vouch',
          ran: true,
          findings: 0,
          unparsed: [{ file: 'app/x.py', reason: 'analysis stopped before settling' }],
        },
      ],
    }) as any;
    const invocation = unsettled.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications[0].message.text).toBe(
      'app/x.py: vouch: analysis stopped before settling',
    );
    expect(invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'app/x.py',
    );
    expect(validateSarif(unsettled)).toEqual([]);
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
