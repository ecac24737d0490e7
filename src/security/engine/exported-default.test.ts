import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Review r49 item 8 (w203): `export default (req) => cp.exec("ping " + req.query.host)` gave no finding in a
 * `.mjs`, `.mts` or `.cts` file (nor `.js`), whatever the import form, where `module.exports = (req) => …` was
 * critical: a function given as `export default`'s value was no function of the file, so its `req` was never
 * the request and its body ran nowhere.
 */
const imports = [
  ['import cp from', 'import cp from "child_process";', 'cp.exec'],
  ['import * as cp', 'import * as cp from "child_process";', 'cp.exec'],
  ['import { exec }', 'import { exec } from "child_process";', 'exec'],
  ['require', 'const cp = require("child_process");', 'cp.exec'],
] as const;

const files = [
  ['app/handler.mjs', 'javascript'],
  ['app/handler.js', 'javascript'],
  ['app/handler.mts', 'typescript'],
  ['app/handler.cts', 'typescript'],
] as const;

const shell = (code: string, file: string, language: 'javascript' | 'typescript') =>
  findingIds(code, { file, language, keep: /^command-injection@/, severity: true });

describe('a handler given as export default', () => {
  for (const [form, line, exec] of imports)
    it.each(files)(
      `${form}: an arrow function in %s is read as the request's handler`,
      async (file, language) => {
        const code = `${line}\nexport default (req) => ${exec}("ping " + req.query.host);\n`;
        expect(await shell(code, file, language)).toEqual(['command-injection@2:critical']);
      },
    );

  it.each([
    ['an async arrow', 'export default async (req, res) => {\n  cp.exec("ping " + req.query.host);\n};'],
    [
      'an anonymous function',
      'export default function (req, res) {\n  cp.exec("ping " + req.query.host);\n}',
    ],
    [
      'an async anonymous function',
      'export default async function (req) {\n  cp.exec("ping " + req.query.host);\n}',
    ],
    ['a typed arrow', 'export default (req: any): void => {\n  cp.exec("ping " + req.query.host);\n};'],
  ])('%s: reported', async (_what, body) => {
    const code = `import cp from "child_process";\n${body}\n`;
    expect(await shell(code, 'app/handler.mts', 'typescript')).toEqual(['command-injection@3:critical']);
  });

  it.each([
    [
      'the host checked against a fixed set',
      'export default (req) => {\n  const host = req.query.host;\n  if (!["a.example", "b.example"].includes(host)) return;\n  cp.exec("ping " + host);\n};',
    ],
    [
      'an argument list, no shell',
      'export default (req) => cp.execFile("ping", ["-c", "1", "--", req.query.host]);',
    ],
    ['a fixed command', 'export default (req) => cp.exec("ping -c 1 example.com");'],
    ['a parameter not the request', 'export default (host) => cp.execFile("ping", [host]);'],
  ])('%s: quiet', async (_what, body) => {
    const code = `import cp from "child_process";\n${body}\n`;
    expect(await shell(code, 'app/handler.mjs', 'javascript')).toEqual([]);
  });
});
