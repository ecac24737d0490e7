import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

/**
 * r49 item 5 (w201): a folder scan counted files whose name gives vouch no grammar (an extensionless
 * `#!/usr/bin/env python3` script, a node script, a notebook, `.py3`, `.pyx`, `.vue`) and said "2 file(s)
 * scanned: no findings", exit 0, with nothing read of them. Each is now read as the code it holds, or named
 * not verified; the folders left out by default, code under `.vouch/` and what `.vouchignore` hid are told.
 */

const ARGS = ['scan', '.', '--no-external', '--no-cache', '--json'];
const OK = 'def add(a, b):\n    return a + b\n';
const PY_SINK = 'import os\nimport sys\n\n\ndef run() -> None:\n    os.system("ping " + sys.argv[1])\n';
const JS_SINK =
  'const cp = require("child_process");\nmodule.exports = (req) => cp.exec("ping " + req.query.host);\n';

interface Json {
  status: string;
  exitCode: number;
  files: number;
  findings: { file: string; line: number; ruleId: string; message: string }[];
  tools: { tool: string; unparsed?: { file: string; reason: string }[]; reason?: string }[];
  left_out?: { path: string; reason: string; files?: number; include: string }[];
}

function folderWith(files: Record<string, string>): string {
  const root = testFolder('vouch-scan-coverage-');
  for (const [name, text] of Object.entries({ 'ok.py': OK, ...files })) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function scanJson(root: string): Promise<{ code: number | null; json: Json }> {
  const result = await runMain(ARGS, { cwd: root });
  return { code: result.code, json: result.json<Json>() };
}

const notebook = JSON.stringify({
  cells: [
    { cell_type: 'markdown', metadata: {}, source: ['# a notebook\n'] },
    {
      cell_type: 'code',
      metadata: {},
      source: ['%matplotlib inline\n', ...PY_SINK.split(/(?<=\n)/), '\nrun()\n'],
      outputs: [],
      execution_count: null,
    },
  ],
  metadata: { kernelspec: { name: 'python3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
});

describe('vouch scan of a folder reads every file it counts (r49)', () => {
  it.each([
    ['tool', `#!/usr/bin/env python3\n${PY_SINK}run()\n`, 7],
    ['cli', `#!/usr/bin/env node\n${JS_SINK}`, 3],
    ['x.py3', PY_SINK, 6],
    ['x.pyx', PY_SINK, 6],
    ['a.vue', `<template><div/></template>\n\n<script>\n${JS_SINK}</script>\n<style>a{}</style>\n`, 5],
  ])('finds the flaw in %s beside ok.py', async (name, text, line) => {
    const { code, json } = await scanJson(folderWith({ [name]: text }));
    expect(json.files).toBe(2);
    expect(json.findings.map((finding) => [finding.file, finding.line, finding.ruleId])).toContainEqual([
      name,
      line,
      'command-injection',
    ]);
    expect(json.status).toBe('fail');
    expect(code).toBe(1);
  });

  it("finds the flaw in a notebook's code cell, on the cell's line, the message naming the cell", async () => {
    const { code, json } = await scanJson(folderWith({ 'n.ipynb': notebook }));
    const found = json.findings.filter((finding) => finding.file === 'n.ipynb');
    expect(found.map((finding) => [finding.line, finding.ruleId])).toEqual([[7, 'command-injection']]);
    expect(found[0]!.message).toMatch(/\(notebook cell 2, line 7\)$/);
    expect(code).toBe(1);
  });

  it('names code the rules cannot read (a perl script, a %%bash cell, a Svelte-less .astro) and is not verified', async () => {
    const bash = JSON.parse(notebook);
    bash.cells[1].source = ['%%bash\n', 'rm -rf "$1"\n'];
    const root = folderWith({
      tool: '#!/usr/bin/perl\nsystem($ARGV[0]);\n',
      'b.ipynb': JSON.stringify(bash),
      'p.astro': '---\nconst x = Astro.url;\n---\n<div set:html={x}/>\n',
      'README.md': '# docs are no code\n',
    });
    const { code, json } = await scanJson(root);
    expect(json.status).toBe('unverified');
    expect(code).toBe(1);
    const unparsed = json.tools.find((tool) => tool.tool === 'vouch')?.unparsed ?? [];
    expect(unparsed.map((entry) => entry.file)).toEqual(['b.ipynb', 'p.astro', 'tool']);
    expect(unparsed[0]!.reason).toMatch(/cell 2 \(%%bash\)/);
    expect(unparsed[2]!.reason).toMatch(/a script run by perl/);
  });
});

describe('vouch scan names what it left out by default (r49)', () => {
  it('names vendored and build folders in --json and text, and still passes clean code', async () => {
    const root = folderWith({
      'vendor/v.py': PY_SINK,
      'build/b.py': PY_SINK,
      'site-packages/s.py': PY_SINK,
      'src/node_modules/m/index.js': JS_SINK,
      'lib/node_modules/n/index.js': JS_SINK,
    });
    const { code, json } = await scanJson(root);
    expect(json.status).toBe('pass');
    expect(code).toBe(0);
    expect(json.left_out?.map((entry) => entry.path)).toEqual([
      'build/',
      'lib/node_modules/',
      'site-packages/',
      'src/node_modules/',
      'vendor/',
    ]);
    expect(json.left_out?.[0]).toMatchObject({
      reason: 'build output (build/), left out by default',
      include: 'vouch scan build',
    });
    const text = await runMain(['scan', '.', '--no-external', '--no-cache'], { cwd: root });
    expect(text.stdout).toContain('Left out (not scanned):');
    // folders of one name are one line
    expect(text.stdout).toContain(
      'lib/node_modules/ and 1 more such folder(s): vendored or tool folder (node_modules/), left out by default; to scan it: vouch scan lib/node_modules',
    );
    expect(text.stdout).toContain(
      'vendor/: vendored or tool folder (vendor/), left out by default; to scan it: vouch scan vendor',
    );
  });

  it('scans code under .vouch/ (r49 rM: .vouch/evil.py imported by app.py), in a repository and out of one', async () => {
    for (const git of [false, true]) {
      const root = folderWith({
        'app.py': 'import evil\n',
        '.vouch/evil.py': PY_SINK,
        '.vouch/notes.json': '{}',
      });
      if (git) execFileSync('git', ['init', '-q'], { cwd: root });
      const { code, json } = await scanJson(root);
      expect(
        json.findings.map((finding) => finding.file),
        `git: ${git}`,
      ).toContain('.vouch/evil.py');
      expect(code).toBe(1);
    }
  });

  it('names the files a .vouchignore hid, with how many', async () => {
    const root = folderWith({ 'evil.py': PY_SINK, '.vouchignore': 'evil.py\n' });
    const { json } = await scanJson(root);
    expect(json.left_out).toEqual([
      {
        path: '.vouchignore',
        reason: '1 file(s) hidden by .vouchignore: evil.py',
        files: 1,
        include: 'remove their patterns from .vouchignore, or name a file: vouch scan evil.py',
      },
    ]);
  });
});
