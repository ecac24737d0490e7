import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../test/support/run-cli.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { which } from '../../security/external.js';
import { cacheStateDir } from '../../workspace/root.js';

// End to end through the built CLI (`npm run build` first).
const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = tempProject('vouch-cli-scan-', files, made);
  return root;
}

const FLASK = [
  'from flask import Flask, request',
  'import sqlite3',
  'app = Flask(__name__)',
  '',
  '@app.route("/u")',
  'def users():',
  '    name = request.args["name"]',
  '    db = sqlite3.connect("a.db")',
  '    return {"rows": db.execute("SELECT * FROM u WHERE n = \'" + name + "\'").fetchall()}',
  '',
].join('\n');

describe('vouch scan', () => {
  it('scans a directory, prints grouped text with excerpts and exits 1 on a high finding', async () => {
    const root = project({
      'app/views.py': FLASK,
      'app/util.js': 'module.exports = (a, b) => a + b;\n',
      'node_modules/x/index.js': 'eval(process.argv[2]);\n',
    });
    const result = await runCli(['scan', '.', '--no-external'], { cwd: root });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('app/views.py');
    expect(result.stdout).toMatch(/9:\d+ {2}HIGH CWE-89 {2}sql-injection/);
    expect(result.stdout).toContain('>    9 |');
    // node_modules is not scanned (no finding under it), only named as left out (w201)
    expect(result.stdout).not.toMatch(/^node_modules\/x\/index\.js$/m);
    expect(result.stdout).toMatch(/Left out \(not scanned\):\n[\s\S]*node_modules/);
    expect(readdirSync(root).sort()).toEqual(['app', 'node_modules']);
  });

  it('--json gives one object; --fail-on critical lets a high finding pass', async () => {
    const root = project({ 'views.py': FLASK });
    const result = await runCli(['scan', 'views.py', '--json', '--fail-on', 'critical', '--no-external'], {
      cwd: root,
    });
    expect(result.code).toBe(0);
    const body = result.json<{
      findings: { ruleId: string; cwe: number }[];
      tools: { tool: string }[];
      failing: number;
    }>();
    expect(body.findings.map((finding) => finding.ruleId)).toEqual(['sql-injection']);
    expect(body.failing).toBe(0);
    expect(body.tools.map((tool) => tool.tool)).toEqual(['vouch']);
  });

  it('reads stdin with --lang and writes SARIF', async () => {
    const result = await runCli(['scan', '-', '--lang', 'js', '--format', 'sarif', '--no-external'], {
      input: "require('child_process').exec('ls ' + process.argv[2]);\n",
    });
    expect(result.code).toBe(1);
    const sarif = result.json<{
      version: string;
      runs: { results: { ruleId: string; locations: unknown[] }[] }[];
    }>();
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results[0]?.ruleId).toBe('command-injection');
  });

  it('in a project, reuses the findings of unchanged files from its scan cache in the user’s cache dir', async () => {
    const root = project({ 'vouch.toml': '', 'app/views.py': FLASK, 'app/util.js': 'module.exports = 1;\n' });
    const env = { XDG_CACHE_HOME: project({}) };
    const cacheFile = join(cacheStateDir(root, env), 'scan-cache.db');
    type Report = {
      files: number;
      cached: number;
      findings: { file: string; line: number; ruleId: string }[];
    };
    const scan = async (...extra: string[]) => {
      const result = await runCli(['scan', '.', '--json', '--no-external', ...extra], { cwd: root, env });
      expect(result.code).toBe(1);
      return result.json<Report>();
    };
    const first = await scan();
    expect(first.cached).toBe(0);
    expect(existsSync(join(root, '.vouch', 'scan-cache.db'))).toBe(false);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(cacheFile, '..')).mode & 0o777).toBe(0o700);
    const second = await scan();
    expect(second.cached).toBe(first.files);
    expect(second.findings).toEqual(first.findings);
    // An edited file is analysed again; the other one still comes from the cache.
    writeFileSync(join(root, 'app/views.py'), `# moved down a line\n${FLASK}`);
    const edited = await scan();
    expect(edited.cached).toBe(first.files - 1);
    expect(edited.findings.map((finding) => finding.line)).toEqual(
      first.findings.map((finding) => finding.line + 1),
    );
    expect((await scan('--no-cache')).cached).toBe(0);
    // A deleted file leaves no entry behind once its folder is scanned again.
    rmSync(join(root, 'app/util.js'));
    await scan();
    const db = new Database(cacheFile, { readonly: true });
    const stored = db.prepare('select path from scan_cache order by path').all() as { path: string }[];
    db.close();
    expect(stored.map((row) => row.path)).toEqual(['app/views.py', 'vouch.toml']);
  });

  it('reports the finding in a clone whose committed .vouch/scan-cache.db says the file is clean', async () => {
    // review r43: every column of a row (path, content hash, engine fingerprint) is computable by the
    // repository's author, who commits rows whose findings are '[]'
    const files = { 'vouch.toml': '', 'app/views.py': FLASK };
    const author = project(files);
    const authorEnv = { XDG_CACHE_HOME: project({}) };
    const scan = (root: string, env: Record<string, string>) =>
      runCli(['scan', '.', '--json', '--no-external'], { cwd: root, env });
    expect((await scan(author, authorEnv)).code).toBe(1);
    const written = [
      join(cacheStateDir(author, authorEnv), 'scan-cache.db'),
      join(author, '.vouch', 'scan-cache.db'), // where a vouch before the fix kept it
    ].find((file) => existsSync(file))!;
    const db = new Database(written);
    db.pragma('journal_mode = DELETE');
    expect(db.prepare("update scan_cache set findings = '[]'").run().changes).toBeGreaterThan(0);
    db.close();
    const clone = project(files);
    mkdirSync(join(clone, '.vouch'));
    copyFileSync(written, join(clone, '.vouch', 'scan-cache.db'));
    const result = await scan(clone, { XDG_CACHE_HOME: project({}) });
    expect(result.code).toBe(1);
    const report = result.json<{ cached: number; findings: { file: string; ruleId: string }[] }>();
    expect(report.cached).toBe(0);
    expect(
      report.findings.map((finding) => [finding.file.endsWith('views.py'), finding.ruleId]),
    ).toContainEqual([true, 'sql-injection']);
  });

  it('says which files it did not scan and why, rather than calling them clean', async () => {
    const root = project({
      'ok.py': FLASK,
      'latin.py': '',
      'blob.py': '',
      'bad.js': '',
      'huge.py': '',
    });
    writeFileSync(
      join(root, 'latin.py'),
      Buffer.from(`# -*- coding: latin-1 -*-\n# café\n${FLASK}`, 'latin1'),
    );
    writeFileSync(join(root, 'blob.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]));
    writeFileSync(join(root, 'bad.js'), Buffer.from([0x65, 0x76, 0x61, 0x6c, 0x28, 0xff, 0x29, 0x0a]));
    writeFileSync(join(root, 'huge.py'), `x = 1\n${'#'.repeat(3 * 2 ** 20)}\n`);
    const result = await runCli(['scan', '.', '--json', '--no-external'], { cwd: root });
    const body = result.json<{ skipped: { path: string; reason: string }[]; findings: { file: string }[] }>();
    // Each is a source file vouch was asked to scan and did not read (w94): listed with its kind, and the scan is
    // not verified (scan-not-read.test.ts covers the status, the exit code and SARIF).
    expect(body.skipped).toEqual([
      { path: 'bad.js', reason: 'not valid UTF-8 (byte 0xff at line 1)', kind: 'undecodable', source: true },
      { path: 'blob.py', reason: 'binary (it has NUL bytes)', kind: 'binary', source: true },
      {
        path: 'huge.py',
        reason: expect.stringMatching(/^larger than 2\.0 MB/),
        kind: 'too-large',
        source: true,
      },
    ]);
    // A declared Latin-1 file is read as Python reads it, and scanned.
    expect(body.findings.map((finding) => finding.file).sort()).toEqual(['latin.py', 'ok.py']);
    const text = await runCli(['scan', 'blob.py', '--no-external'], { cwd: root });
    expect(text.stdout).toContain('1 file(s) not scanned');
    expect(text.stdout).toContain('blob.py: binary (it has NUL bytes)');
  });

  it('lists a symbolic link that leads out of the workspace as not scanned, with where it leads', async () => {
    const outside = project({ 'shared.py': FLASK });
    const root = project({ 'ok.py': FLASK });
    symlinkSync(join(outside, 'shared.py'), join(root, 'shared.py'));
    symlinkSync('ok.py', join(root, 'alias.py'));
    // --fail-on critical: the high finding does not fail the scan, the link alone decides its status
    const result = await runCli(['scan', '.', '--json', '--no-external', '--fail-on', 'critical'], {
      cwd: root,
    });
    const body = result.json<{
      status: string;
      skipped: { path: string; reason: string }[];
      findings: { file: string }[];
    }>();
    // the code it leads to is not the workspace's to read: listed, and the scan is not verified as a file
    // too large to read is (w94); a link to a file of the workspace is scanned as that file
    expect(body.skipped).toEqual([
      {
        path: 'shared.py',
        reason: `a symbolic link that leads outside the workspace (to ${join(outside, 'shared.py')}); vouch does not follow it`,
        kind: 'link',
        source: true,
      },
    ]);
    expect(body.status).toBe('unverified');
    expect(result.code).toBe(1);
    expect(body.findings.map((finding) => finding.file).sort()).toEqual(['alias.py', 'ok.py']);
    const text = await runCli(['scan', '.', '--no-external'], { cwd: root });
    expect(text.stdout).toContain('1 file(s) not scanned');
    expect(text.stdout).toContain('shared.py: a symbolic link that leads outside the workspace');
  });

  it.runIf(which('bandit'))(
    'runs Bandit beside vouch, keeps only its precise or confirmed findings, and caches them by content',
    async () => {
      const code = [
        'import subprocess',
        'import pickle',
        'def listing():',
        '    return subprocess.run(["ls", "-l"], capture_output=True)',
        'def load(blob):',
        '    return pickle.loads(blob)',
        '',
      ].join('\n');
      const root = project({ 'vouch.toml': '', 'jobs.py': code });
      type Report = {
        findings: { ruleId: string }[];
        tools: { tool: string; cached?: number; unconfirmed?: number }[];
      };
      // the scan cache lives in the user's cache dir: both runs share one
      const env = { XDG_CACHE_HOME: project({}) };
      const first = (await runCli(['scan', '.', '--json'], { cwd: root, env })).json<Report>();
      const bandit = first.tools.find((tool) => tool.tool === 'bandit');
      // B404 (import subprocess) and B603 (a fixed argv) are imprecise and unconfirmed; B301 (pickle) is
      // the same finding as vouch's own on that line.
      expect(bandit?.unconfirmed).toBeGreaterThanOrEqual(2);
      expect(first.findings.map((finding) => finding.ruleId)).toEqual(['unsafe-deserialization']);
      const again = (await runCli(['scan', '.', '--json'], { cwd: root, env })).json<Report>();
      expect(again.tools.find((tool) => tool.tool === 'bandit')?.cached).toBe(1);
      expect(again.findings).toEqual(first.findings);
    },
  );

  it('exits 2 with a hint on usage errors', async () => {
    const badFormat = await runCli(['scan', '--format', 'xml']);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/unknown --format/);
    const stdinWithoutLang = await runCli(['scan', '-'], { input: 'x = 1\n' });
    expect(stdinWithoutLang.code).toBe(2);
    expect(stdinWithoutLang.stderr).toMatch(/needs --lang/);
    const missing = await runCli(['scan', 'does-not-exist.py', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json<{ error: { message: string } }>().error.message).toMatch(/no such file/);
  });
});
