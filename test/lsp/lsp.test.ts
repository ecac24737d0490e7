import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { escapeRegExp } from '../../src/core/regexp.js';
import { openServerStore } from '../../src/store/record/open-server-store.js';
import { sandboxAvailability } from '../../src/verify/sandbox/availability.js';
import { type FakeProviders, startFakeProviders } from '../support/fake-providers/fake-providers.js';
import { LspClient } from '../support/lsp-client.js';
import { suiteCacheEnv } from '../support/suite-caches.js';

/**
 * `vouch lsp` driven as an editor drives it: the real process over stdio, a private project folder with a
 * virtualenv that sees the system's numpy. Needs `npm run build` (the CLI runs from dist/).
 */

const sandbox = await sandboxAvailability();
const PYTHON = '/usr/bin/python3';
const numpy = spawnSync(PYTHON, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
const missing = !sandbox.available
  ? `no sandbox: ${sandbox.reason}`
  : !numpy
    ? "Debian's python3-numpy is not installed (apt-get install python3-numpy)"
    : undefined;

const STATS = 'import numpy as np\n\n\ndef spread(values):\n    return np.arrange(len(values))\n';
const RUN = 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n';

let project: string;
// the suite's state dir: the store the language server makes is recorded where this test opens it from
const env = () => ({
  ...suiteCacheEnv(),
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: project,
  NO_COLOR: '1',
  OLLAMA_HOST: 'http://127.0.0.1:9',
});

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'vouch-lsp-'));
  writeFileSync(join(project, 'requirements.txt'), 'numpy\n');
  writeFileSync(join(project, 'stats.py'), STATS);
  writeFileSync(join(project, 'run.py'), RUN);
  mkdirSync(join(project, '.git'));
  // the project's interpreter sees the system's numpy; nothing is installed into it, so no pip (its
  // bootstrap was ≈ 2.6 s of CPU of this file's ≈ 20 s)
  if (numpy)
    spawnSync(PYTHON, ['-m', 'venv', '--without-pip', '--system-site-packages', join(project, '.venv')]);
}, 120_000);
afterAll(() => rmSync(project, { recursive: true, force: true }));

const uriOf = (name: string) => pathToFileURL(join(project, name)).href;

function open(client: LspClient, name: string, text: string, version = 1): void {
  client.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: uriOf(name), languageId: 'python', version, text },
  });
}

describe.skipIf(missing !== undefined)(`vouch lsp${missing ? ` (skipped: ${missing})` : ''}`, () => {
  // one server for these tests, as an editor keeps one: its model the loopback fake (vouch.fix asks it)
  let client: LspClient;
  let fake: FakeProviders;
  const applied: { label?: string; edit: { documentChanges: unknown[] } }[] = [];
  beforeAll(async () => {
    fake = await startFakeProviders();
    client = new LspClient(project, {
      ...env(),
      OPENAI_BASE_URL: fake.openAiUrl,
      VOUCH_MODEL: 'openai:gpt-4o-mini',
    });
    client.connection.onRequest('workspace/applyEdit', (params: (typeof applied)[number]) => {
      applied.push(params);
      return { applied: true };
    });
    const result = (await client.initialize(pathToFileURL(project).href)) as {
      capabilities: Record<string, unknown>;
      serverInfo: { name: string };
    };
    expect(result.serverInfo.name).toBe('vouch');
    expect(result.capabilities.codeActionProvider).toBeTruthy();
    client.connection.sendNotification('initialized', {});
  });
  afterAll(async () => {
    await client?.close();
    await fake?.close();
  });

  it('publishes an invented API as an error with the did-you-mean, and fixes it with a quick fix', async () => {
    const uri = uriOf('stats.py');
    const published = client.nextDiagnostics(uri, (list) => list.some((d) => d.code === 'api-missing'));
    open(client, 'stats.py', STATS);
    const diagnostics = await published;
    const invented = diagnostics.find((d) => d.code === 'api-missing')!;
    expect(invented.message).toMatch(/numpy [\d.]+ has no `arrange`; did you mean `arange`/);
    expect(invented.severity).toBe(1);
    expect(invented.range.start.line).toBe(4);

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: invented.range,
      context: { diagnostics: [invented] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.title.includes('`arange`'))!;
    expect(fix.isPreferred).toBe(true);
    const [edit] = fix.edit!.changes![uri]!;
    const line = STATS.split('\n')[4]!;
    expect(
      line.slice(0, edit!.range.start.character) + edit!.newText + line.slice(edit!.range.end.character),
    ).toBe('    return np.arange(len(values))');

    // the editor applies the fix: the quick gate (while typing) clears the diagnostic
    const cleared = client.nextDiagnostics(uri, (list) => !list.some((d) => d.code === 'api-missing'));
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: edit!.range, text: edit!.newText }],
    });
    const after = await cleared;
    expect(after.filter((d) => d.severity === 1)).toEqual([]);
  }, 120_000);

  it('publishes a security finding with its CWE, and offers a suppression that needs a reason', async () => {
    const uri = uriOf('run.py');
    const published = client.nextDiagnostics(uri, (list) =>
      list.some((d: Diagnostic) => d.source?.includes('security')),
    );
    open(client, 'run.py', RUN);
    const diagnostics = await published;
    const finding = diagnostics.find((d) => d.source?.includes('security'))!;
    expect(String(finding.code)).toMatch(/CWE-78/);
    expect(finding.range.start.line).toBe(4);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    const suppress = actions.find((action) => action.title.includes('suppress'))!;
    expect(suppress.edit!.changes![uri]![0]!.newText).toBe('    # vouch-ignore CWE-78: \n');
    // a diagnostic a client rebuilt without its range is left out, not a failed request
    const { range: _range, ...rangeless } = finding;
    const despite = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [rangeless, finding] },
    })) as CodeAction[];
    expect(despite.map((action) => action.title)).toEqual(actions.map((action) => action.title));
  }, 120_000);

  it('vouch.check runs the whole gate on the buffer and opens its report', async () => {
    const outcome = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.check',
      arguments: [{ uri: uriOf('run.py') }],
    })) as { document: string; checks: { name: string; status: string }[] };
    expect(outcome.checks.map((check) => check.name)).toEqual([
      'syntax',
      'imports',
      'types',
      'lint',
      'security',
      'licence',
    ]);
    expect(outcome.checks.find((check) => check.name === 'security')!.status).toBe('fail');
    expect(client.shown).toContain(outcome.document);
    const report = readFileSync(new URL(outcome.document), 'utf8');
    expect(report).toMatch(/\*\*security\*\*: fail/);
    expect(report).toMatch(/run\.py:5:/);
  }, 120_000);

  it('vouch.check of a Ruby buffer says not verified and why, as `vouch check` does; one diagnostic says so (w167)', async () => {
    const uri = uriOf('run.rb');
    const published = client.nextDiagnostics(uri, (list) => list.some((d) => d.code === 'not-verified'));
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'ruby', version: 1, text: 'system(ARGV[0])\n' },
    });
    const unread = (await published).filter((d) => d.code === 'not-verified');
    expect(unread).toHaveLength(1);
    expect(unread[0]!.message).toMatch(
      /^not verified: nothing checked by .*security.* — .*the security rules do not read ruby/,
    );
    const outcome = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.check',
      arguments: [{ uri }],
    })) as { document: string; verdict: { status: string; reasons: string[] } };
    expect(outcome.verdict.status).toBe('unverified');
    expect(outcome.verdict.reasons).toContain(
      'security: nothing checked, the security rules do not read ruby',
    );
    expect(readFileSync(new URL(outcome.document), 'utf8')).toMatch(
      /\*\*verdict: NOT VERIFIED — .*security: nothing checked/,
    );
    // the Python buffer with a flaw still fails, and says so
    const python = (await client.connection.sendRequest('workspace/executeCommand', {
      command: 'vouch.check',
      arguments: [{ uri: uriOf('run.py') }],
    })) as { verdict: { status: string } };
    expect(python.verdict.status).toBe('fail');
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }, 120_000);

  it('runs the whole gate when a buffer opens: a type error shows before any keystroke', async () => {
    // the type check is not part of the quick gate while typing; only the whole gate on open finds this
    const uri = uriOf('typed.py');
    const published = client.nextDiagnostics(uri, (list) => list.some((d) => d.source?.includes('types')));
    open(client, 'typed.py', 'def total(values: list[int]) -> int:\n    return "none"\n');
    const diagnostics = await published;
    const typed = diagnostics.find((d) => d.source?.includes('types'))!;
    expect(typed.message).toMatch(/Incompatible return value type/);
    expect(typed.range.start.line).toBe(1);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }, 120_000);

  it('closing a buffer clears its diagnostics', async () => {
    const uri = uriOf('run.py');
    const cleared = client.nextDiagnostics(uri, (list) => list.length === 0);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    expect(await cleared).toEqual([]);
  }, 30_000);

  it('vouch.fix fixes a finding with the model from its code action, and applies only a fix that passed the gate', async () => {
    fake.reset();
    applied.length = 0;
    const uri = uriOf('fixme.py');
    const published = client.nextDiagnostics(uri, (list) => list.some((d) => d.source?.includes('security')));
    open(client, 'fixme.py', RUN);
    const finding = (await published).find((d) => d.source?.includes('security'))!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    const fix = actions.find((action) => action.title === 'vouch: fix with the model (checked by the gate)')!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.command!.command).toBe('vouch.fix');

    // a fix that keeps the finding (twice: the repair round too) is shown, never applied
    const unchanged = '```python\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n```\nDone.';
    fake.script('/v1/chat/completions', { text: unchanged }, { text: unchanged });
    const failed = (await client.connection.sendRequest('workspace/executeCommand', fix.command)) as {
      applied: boolean;
      document: string;
      result: { verification: { status: string } };
    };
    expect(failed.result.verification.status).toBe('fail');
    expect(failed.applied).toBe(false);
    expect(applied).toEqual([]);
    expect(client.shown).toContain(failed.document);

    // one that passes is applied to the version of the buffer it was made from
    const fixed = 'def run(cmd):\n    return subprocess.call(cmd.split())';
    fake.script('/v1/chat/completions', { text: `\`\`\`python\n${fixed}\n\`\`\`\nNo shell.` });
    const passed = (await client.connection.sendRequest('workspace/executeCommand', fix.command)) as {
      applied: boolean;
      document: string;
    };
    expect(passed.applied).toBe(true);
    expect(applied).toHaveLength(1);
    expect(applied[0]!.edit.documentChanges).toEqual([
      {
        textDocument: { uri, version: 1 },
        edits: [
          {
            range: { start: { line: 3, character: 0 }, end: { line: 4, character: 43 } },
            newText: fixed,
          },
        ],
      },
    ]);
    const report = readFileSync(new URL(passed.document), 'utf8');
    expect(report).toMatch(/\*\*Verification: pass\*\*/);
    expect(report).toContain('+    return subprocess.call(cmd.split())');
    // the request the model got: the buffer and the finding
    const prompt = JSON.stringify(fake.requestsTo('/v1/chat/completions').at(-1)!.body);
    expect(prompt).toContain('subprocess.call(cmd, shell=True)');
    expect(prompt).toMatch(/line 5: security command-injection/);
  }, 180_000);
});

it('refuses to start on an invalid vouch.toml, naming the line', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-lsp-bad-'));
  try {
    mkdirSync(join(folder, '.git'));
    writeFileSync(join(folder, 'vouch.toml'), '[model]\nchat = \n');
    const client = new LspClient(folder, { ...env(), HOME: folder });
    await expect(client.initialize(pathToFileURL(folder).href)).rejects.toThrow(/vouch\.toml.*2/s);
    await client.close();
    expect(existsSync(join(folder, '.vouch'))).toBe(false);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

it('ends when the editor closes the pipe without a shutdown (an editor that crashed)', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'vouch-lsp-orphan-'));
  let running: LspClient | undefined;
  try {
    mkdirSync(join(folder, '.git'));
    writeFileSync(join(folder, 'app.py'), RUN);
    const client = new LspClient(folder, { ...env(), HOME: folder });
    running = client;
    await client.initialize(pathToFileURL(folder).href);
    client.connection.sendNotification('initialized', {});
    const uri = pathToFileURL(join(folder, 'app.py')).href;
    // the server has the buffer (its diagnostics came), so it holds a gate worker and a sandbox by now
    const published = client.nextDiagnostics(uri);
    client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'python', version: 1, text: RUN },
    });
    await published;
    const exited = new Promise<number | null>((resolve) =>
      client.process.on('exit', (code) => resolve(code)),
    );
    // this side stops writing first (nothing is left queued for a closed pipe), then closes the pipe
    client.connection.dispose();
    client.process.stdin!.end();
    // waits for the exit itself, not a wall-clock deadline a loaded machine can pass: a server that never
    // ends fails the test at its limit, and is killed below
    const code = await exited;
    // 1: the protocol's exit code for an end without a shutdown request
    expect(code).toBe(1);
  } finally {
    if (running?.process.exitCode === null && running.process.signalCode === null)
      running.process.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  }
});

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const noNeovim = nvim.status !== 0 ? "Debian's neovim is not installed (apt-get install neovim)" : undefined;

/**
 * docs/editors.md's Neovim config for the installed version, as a user pastes it into `init.lua`: the block
 * under "Neovim (0.8+" or, for 0.7, under "Neovim 0.7".
 */
function readmeNeovimConfig(): string {
  const readme = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'editors.md'), 'utf8');
  const [, minor] = /NVIM v0\.(\d+)/.exec(nvim.stdout) ?? [];
  const heading = Number(minor) >= 8 ? 'Neovim (0.8+' : 'Neovim 0.7';
  const block = new RegExp(
    `^${escapeRegExp(heading)}[^\n]*\n(?:[^\n]*\n)*?\`\`\`lua\n([\\s\\S]*?)\`\`\``,
    'm',
  ).exec(readme);
  if (!block) throw new Error(`docs/editors.md has no Lua block under "${heading}"`);
  return block[1]!;
}

describe.skipIf((missing ?? noNeovim) !== undefined)(
  `in Neovim's own LSP client${(missing ?? noNeovim) ? ` (skipped: ${missing ?? noNeovim})` : ''}`,
  () => {
    it('shows the invented API, takes the quick fix, and the diagnostic goes', () => {
      const file = join(project, 'nvim_stats.py');
      writeFileSync(file, STATS);
      const out = join(project, 'nvim-report.json');
      const result = spawnSync(
        'nvim',
        [
          '--headless',
          '-u',
          'NONE',
          '-i',
          'NONE',
          '-n',
          '-c',
          `luafile ${join(import.meta.dirname, 'neovim-client.lua')}`,
        ],
        {
          cwd: project,
          env: {
            ...env(),
            VOUCH_NVIM_OUT: out,
            VOUCH_NVIM_FILE: file,
            VOUCH_NVIM_ROOT: project,
            VOUCH_BIN: join(import.meta.dirname, '..', '..', 'bin', 'vouch.js'),
          },
          encoding: 'utf8',
          timeout: 150_000,
        },
      );
      expect(existsSync(out), `${result.stdout}\n${result.stderr}`).toBe(true);
      const report = JSON.parse(readFileSync(out, 'utf8')) as {
        diagnostic: { message: string; line: number };
        actions: string[];
        line: string;
        cleared: boolean;
      };
      expect(report.diagnostic.message).toMatch(/has no `arrange`; did you mean `arange`/);
      expect(report.diagnostic.line).toBe(4);
      expect(report.actions).toContain('vouch: use `arange` (what the installed package has)');
      expect(report.line).toBe('    return np.arange(len(values))');
      expect(report.cleared).toBe(true);
    }, 180_000);

    it('asks for an inline completion, accepts it, and vouch counts it accepted', async () => {
      // the same project: a virtualenv with numpy, whose buffer the whole gate (mypy included) checks on open
      const fake = await startFakeProviders();
      // the README's lines as the user's init.lua, and `vouch` on the PATH as `npm link` puts it
      const config = mkdtempSync(join(tmpdir(), 'vouch-nvim-config-'));
      try {
        fake.script('/v1/completions', { text: 'return np.std(values)\n\n\ndef other():\n    pass\n' });
        const file = join(project, 'nvim_spread.py');
        writeFileSync(file, 'import numpy as np\n\n\ndef spread(values):\n    \n');
        const out = join(project, 'nvim-inline.json');
        writeFileSync(join(config, 'init.lua'), readmeNeovimConfig());
        mkdirSync(join(config, 'bin'));
        const vouchBin = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');
        writeFileSync(
          join(config, 'bin', 'vouch'),
          `#!/bin/sh\nexec '${process.execPath}' '${vouchBin}' "$@"\n`,
          { mode: 0o755 },
        );
        const child = spawn(
          'nvim',
          [
            '--headless',
            '-u',
            join(config, 'init.lua'),
            '-i',
            'NONE',
            '-n',
            '-c',
            `luafile ${join(import.meta.dirname, 'neovim-inline.lua')}`,
          ],
          {
            cwd: project,
            env: {
              ...env(),
              PATH: `${join(config, 'bin')}:${env().PATH}`,
              OPENAI_BASE_URL: fake.openAiUrl,
              VOUCH_MODEL: 'openai:qwen2.5-coder-1.5b',
              VOUCH_NVIM_OUT: out,
              VOUCH_NVIM_FILE: file,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
        await new Promise((resolve) => child.on('close', resolve));
        clearTimeout(timer);
        expect(existsSync(out), output).toBe(true);
        const report = JSON.parse(readFileSync(out, 'utf8')) as {
          root?: string;
          completion?: string;
          line?: string;
          accepted?: boolean;
          suggestions: string[];
          error?: string;
        };
        expect(report.error, JSON.stringify(report)).toBeUndefined();
        expect(report.root).toBe(project);
        expect(report.completion).toBe('return np.std(values)');
        expect(report.line).toBe('    return np.std(values)');
        expect(report.accepted).toBe(true);
        expect(report.suggestions).toEqual(['shown', 'accepted']);
        // recorded where `vouch stats` reads it
        const store = await openServerStore(join(project, '.vouch', 'server.db'));
        try {
          const { byTask } = await store.stats();
          const complete = byTask.find((bucket) => bucket.key === 'complete');
          expect(complete?.shown).toBeGreaterThanOrEqual(1);
          expect(complete?.accepted).toBeGreaterThanOrEqual(1);
        } finally {
          await store.close();
        }
      } finally {
        rmSync(config, { recursive: true, force: true });
        await fake.close();
      }
    }, 180_000);
  },
);
