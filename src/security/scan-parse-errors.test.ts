import { describe, expect, it } from 'vitest';
import { securityCheck } from './check.js';
import { type ScanInput, scanSources } from './scan.js';
import { memoryScanCache } from './scan-cache.js';

/**
 * w90: tree-sitter recovers from what it cannot read (ERROR nodes, MISSING tokens) and the engine reads the
 * rest, so a sink in such a part is never seen. A file the engine parses with such a part is not verified
 * (the vouch tool's `unparsed`), never a pass; what it found in the parts it read is still reported.
 */

const REASON = 'not verified: could not parse line 4 (a syntax error, or syntax the parser does not know)';

/** The brief's file: the sink is in the line tree-sitter cannot read. */
const brokenSink = 'import os\nclass A:\n  def f(self):\n    os.system(input()) +\n';

/** A line that does not parse, then a request's data reaching a shell below it. */
const sinkAfter =
  'import os\nfrom flask import request\ndef g():\n    x = (1 +\n    return 2\n\ndef h():\n    os.system(request.args["c"])\n';

const vouchTool = (report: Awaited<ReturnType<typeof scanSources>>) =>
  report.tools.find((tool) => tool.tool === 'vouch')!;

describe('a file vouch could not parse whole', () => {
  it('is not verified, with the line it could not parse, and no finding of its own', async () => {
    const report = await scanSources([{ path: 'broken.py', source: brokenSink, language: 'python' }], {
      external: false,
    });
    expect(report.findings).toEqual([]);
    expect(vouchTool(report)).toEqual({
      tool: 'vouch',
      ran: true,
      findings: 0,
      unparsed: [{ file: 'broken.py', reason: REASON }],
      reason: '1 file(s) not verified: could not parse them whole (broken.py line 4)',
    });
  });

  it('still reports a sink after the broken line, in Python, JavaScript and TypeScript', async () => {
    const route =
      "const cp = require('child_process');\napp.get('/', (req, res) => {\n  cp.exec(req.query.c);\n});\n";
    const inputs: ScanInput[] = [
      { path: 'after.py', source: sinkAfter, language: 'python' },
      { path: 'after.js', source: `const x = ;\n${route}`, language: 'javascript' },
      { path: 'after.ts', source: `const x: = 1;\n${route}`, language: 'typescript' },
    ];
    const report = await scanSources(inputs, { external: false });
    expect(report.findings.map(({ file, line, ruleId }) => `${file}:${line}:${ruleId}`)).toEqual([
      'after.js:4:command-injection',
      'after.py:8:command-injection',
      'after.ts:4:command-injection',
    ]);
    expect(
      vouchTool(report).unparsed?.map(({ file, reason }) => `${file}: ${reason.split(' (')[0]}`),
    ).toEqual([
      'after.py: not verified: could not parse line 4',
      'after.js: not verified: could not parse line 1',
      'after.ts: not verified: could not parse line 1',
    ]);
  });

  it('is still not verified when its findings come from the cache', async () => {
    const cache = memoryScanCache();
    const input: ScanInput = { path: 'after.py', source: sinkAfter, language: 'python' };
    await scanSources([input], { external: false, cache });
    const again = await scanSources([input], { external: false, cache });
    expect(again.cached).toBe(1);
    expect(again.findings.map((finding) => finding.ruleId)).toEqual(['command-injection']);
    expect(vouchTool(again).unparsed).toEqual([{ file: 'after.py', reason: REASON }]);
  });

  it('leaves valid modern syntax verified (match, PEP 695, PEP 701 f-strings, except*, satisfies)', async () => {
    const python = [
      'import os',
      'from flask import request',
      'type Pair = tuple[int, int]',
      'def first[T](items: list[T]) -> T:',
      '    return items[0]',
      'def route():',
      '    match request.args:',
      '        case {"a": 1, **rest} if rest:',
      '            name = f"{rest["k"]!r:>{10}}"',
      '        case [*_] | (2 as other):',
      '            pass',
      '    try:',
      '        pass',
      '    except* ValueError as group:',
      '        pass',
      '    return os.system(request.args["c"])',
      '',
    ].join('\n');
    const typescript =
      "import { exec } from 'child_process';\nconst config = { a: 1 } satisfies Record<string, number>;\nfunction f<const T>(x: T) { return x; }\nclass B { static { exec('ls'); } #y = 1; }\n";
    const report = await scanSources(
      [
        { path: 'modern.py', source: python, language: 'python' },
        { path: 'modern.ts', source: typescript, language: 'typescript' },
      ],
      { external: false },
    );
    expect(report.findings.map(({ file, ruleId }) => `${file}:${ruleId}`)).toContain(
      'modern.py:command-injection',
    );
    expect(vouchTool(report).unparsed).toBeUndefined();
  });

  it('leaves TypeScript verified where the grammar lacks only a type (export type *, import() types), sink reported', async () => {
    const route =
      "const cp = require('child_process');\napp.get('/', (req, res) => {\n  cp.exec(req.query.c);\n});\n";
    const gaps = [
      "export type * from './types.js';",
      'export type * as Types from "./types.js";',
      "let listing: import('node:fs').Dirent[];",
      "type Probe = import('./probe.js').Probe;",
    ].join('\n');
    const report = await scanSources(
      [
        { path: 'gaps.ts', source: `${gaps}\n${route}`, language: 'typescript' },
        { path: 'gaps.tsx', source: `${gaps}\n${route}`, language: 'tsx' },
      ],
      { external: false },
    );
    expect(report.findings.map(({ file, line, ruleId }) => `${file}:${line}:${ruleId}`)).toEqual([
      'gaps.ts:7:command-injection',
      'gaps.tsx:7:command-injection',
    ]);
    expect(vouchTool(report).unparsed).toBeUndefined();
  });

  it('keeps a file not verified for an error after such a gap, or a near miss that holds code', async () => {
    const sink = "app.get('/', (req, res) => {\n  require('child_process').exec(req.query.c);\n});\n";
    const inputs: ScanInput[] = [
      // a real error after a tolerated gap
      {
        path: 'later.ts',
        source: `export type * from './types.js';\nconst x: = 1;\n${sink}`,
        language: 'typescript',
      },
      // an import() type with a value: the value would be lost in the recovery
      {
        path: 'valued.ts',
        source: `let listing: import('node:fs').Dirent[] = req.query.c;\n${sink}`,
        language: 'typescript',
      },
      // code where the re-export's name should be
      {
        path: 'code.ts',
        source: `export type * as f(req.query.c) from './x';\n${sink}`,
        language: 'typescript',
      },
    ];
    const report = await scanSources(inputs, { external: false });
    expect(report.findings.map(({ file, ruleId }) => `${file}:${ruleId}`).sort()).toEqual([
      'code.ts:command-injection',
      'later.ts:command-injection',
      'valued.ts:command-injection',
    ]);
    expect(
      vouchTool(report)
        .unparsed?.map(({ file, reason }) => `${file}: ${reason.split(' (')[0]}`)
        .sort(),
    ).toEqual([
      'code.ts: not verified: could not parse line 1',
      'later.ts: not verified: could not parse line 2',
      'valued.ts: not verified: could not parse line 1',
    ]);
  });

  it('is verified when no rule could match in it: the engine does not parse a file without trigger words', async () => {
    const report = await scanSources(
      [{ path: 'plain.py', source: 'items = [1, 2\ntotal = (1 +\n', language: 'python' }],
      { external: false },
    );
    expect(vouchTool(report)).toEqual({ tool: 'vouch', ran: true, findings: 0 });
  });

  it("makes the security gate's check an error (not verified), with a finding beside it still failing it", async () => {
    const context = { workspaceRoot: process.cwd(), config: { security: { external: false } } };
    const broken = await securityCheck.run(
      { code: brokenSink, language: 'python', path: 'broken.py' },
      context,
    );
    expect(broken.status).toBe('error');
    expect(broken.reason).toContain('could not parse them whole (broken.py line 4)');
    const found = await securityCheck.run({ code: sinkAfter, language: 'python', path: 'after.py' }, context);
    expect(found).toMatchObject({ status: 'fail', blocking: true });
    expect(found.findings.map((finding) => finding.ruleId)).toEqual(['command-injection']);
  });
});
