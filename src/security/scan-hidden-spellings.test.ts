import { describe, expect, it } from 'vitest';
import type { LanguageId } from '../core/languages.js';
import { analysisText } from './engine/analysis-text.js';
import { scanSources } from './scan.js';

/**
 * w94 (issue 59, review r18): a sink the language runs but tree-sitter or the triggers read otherwise. A
 * lone `\r` (Python, JavaScript) or U+2028/U+2029 (JavaScript) ends a comment for the language, not for
 * tree-sitter; Python reads identifiers NFKC-normalised and JavaScript decodes `\u` escapes in them.
 */

const PY_HEAD = 'import os\nfrom flask import request\ndef h():\n';
const JS_HEAD = "const cp = require('child_process');\napp.get('/', (req, res) => {\n";

async function found(path: string, source: string): Promise<string[]> {
  const language: LanguageId = path.endsWith('.py')
    ? 'python'
    : path.endsWith('.ts')
      ? 'typescript'
      : 'javascript';
  const report = await scanSources([{ path, source, language }], { external: false });
  expect(report.tools.find((tool) => tool.tool === 'vouch')?.unparsed).toBeUndefined();
  return report.findings.map((finding) => `${finding.line}:${finding.ruleId}`);
}

describe('line ends the language reads and tree-sitter does not', () => {
  it('Python: a call after a lone \\r in a comment is analysed, on the line Python gives it', async () => {
    const source = `${PY_HEAD}    x = 1  # note\r    os.system(request.args['c'])\n    return x\n`;
    expect(await found('a.py', source)).toEqual(['5:command-injection']);
  });

  it('JavaScript and TypeScript: after a lone \\r, U+2028 or U+2029 in a // comment', async () => {
    for (const end of ['\r', '\u2028', '\u2029'])
      for (const path of ['a.js', 'a.ts']) {
        const source = `${JS_HEAD}  // note${end}  cp.exec(req.query.c);\n  res.send('ok');\n});\n`;
        // JavaScript's line 4 each time; reported on the editor's (w124), where U+2028/U+2029 end no line
        const line = end === '\r' ? 4 : 3;
        expect(await found(path, source), JSON.stringify(end) + path).toEqual([`${line}:command-injection`]);
      }
  });

  it('ends nothing the language does not: U+2028 in a Python comment, in a JavaScript string', async () => {
    const python = `${PY_HEAD}    x = 1  # note\u2028    os.system(request.args['c'])\n    return x\n`;
    expect(await found('a.py', python)).toEqual([]);
    // valid JavaScript since ES2019: the separator is part of the string, the file parses whole
    const js = `${JS_HEAD}  const s = 'a\u2028b';\n  cp.exec(req.query.c);\n});\n`;
    expect(await found('a.js', js)).toEqual(['4:command-injection']);
    expect(analysisText(js, 'javascript')).toBe(js);
  });

  it('leaves \\r\\n files as they are', () => {
    const source = `${PY_HEAD}    os.system(request.args['c'])\n`.replace(/\n/g, '\r\n');
    expect(analysisText(source, 'python')).toBe(source);
    expect(analysisText(source.replace(PY_HEAD, JS_HEAD), 'javascript')).toBe(
      source.replace(PY_HEAD, JS_HEAD),
    );
  });
});

describe('identifiers spelled so the trigger words miss them', () => {
  it('Python: fullwidth letters, which Python reads NFKC-normalised', async () => {
    expect(await found('a.py', `${PY_HEAD}    os.ｓｙｓｔｅｍ(request.args['c'])\n`)).toEqual([
      '4:command-injection',
    ]);
  });

  it('JavaScript: \\u escapes in an identifier', async () => {
    for (const name of ['\\u0065xec', '\\u{65}xec', 'e\\u0078\\u0065c'])
      expect(await found('a.js', `${JS_HEAD}  cp.${name}(req.query.c);\n});\n`), name).toEqual([
        '3:command-injection',
      ]);
  });

  it('changes no ASCII Python, and no escape that is not an identifier character or is itself escaped', () => {
    const python = `${PY_HEAD}    os.system(request.args['c'])  # ünïcode comment stays\n`;
    expect(analysisText(python, 'python')).toBe(python);
    const js = "const a = '\\u0027', z = '\\u{FFFFFF}', b = '\\\\u0065', c = /\\u002f/;\n";
    expect(analysisText(js, 'javascript')).toBe(js);
  });
});
