import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

/** A broken vouch.toml stops every command the same way, naming the file, line and column. */
const workspace = mkdtempSync(join(tmpdir(), 'vouch-bad-config-'));
writeFileSync(join(workspace, 'vouch.toml'), '[model]\ndefault = "ollama:x"\nlocal only = true\n');
writeFileSync(join(workspace, 'app.py'), 'print(1)\n');
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const COMMANDS: string[][] = [
  ['index'],
  ['search', 'print'],
  ['map'],
  ['context', 'print a number'],
  ['env'],
  ['scan', 'app.py'],
  ['check', 'app.py'],
  ['sandbox', 'run', 'app.py'],
  ['licence'],
  ['generate', 'print a number', '--lang', 'python'],
  ['chat', '--print', 'hello'],
  ['eval', 'humaneval', '--samples', 'none.jsonl'],
];

describe('an invalid vouch.toml', () => {
  it.each(COMMANDS)(
    'stops `vouch %s` with exit 2, the line and the column',
    async (...command) => {
      const result = await runCli([...command, '--json'], { cwd: workspace, timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(
        `${join(workspace, 'vouch.toml')}:3:7: the config file is not valid TOML`,
      );
      expect(result.stderr).toContain('line 3 is `local only = true`');
      expect(result.json<{ error: { exitCode: number } }>().error.exitCode).toBe(2);
    },
    60_000,
  );
});

/** A table or key vouch does not read is a mistake the user wants to hear about, not a setting ignored. */
describe('an unknown table or key in vouch.toml', () => {
  const misspelt = mkdtempSync(join(tmpdir(), 'vouch-misspelt-config-'));
  afterAll(() => rmSync(misspelt, { recursive: true, force: true }));

  it.each([
    ['[modle]\ndefault = "ollama:x"\n', 'unknown table [modle]', 'did you mean [model]?'],
    ['[privacy]\npolcy = "local-only"\n', "unknown key 'polcy' in [privacy]", 'did you mean policy?'],
    [
      '[providers.vllm]\nbase_ulr = "http://gpu:8000/v1"\n',
      "unknown key 'base_ulr' in [providers.vllm]",
      'did you mean base_url?',
    ],
    ['telemtry = false\n', "unknown key 'telemtry'", 'did you mean telemetry?'],
  ])(
    'refuses %j with exit 2 and a did-you-mean, in text and in --json',
    async (toml, message, hint) => {
      writeFileSync(join(misspelt, 'vouch.toml'), toml);
      const text = await runCli(['env'], { cwd: misspelt, timeoutMs: 60_000 });
      expect(text.code, text.stderr).toBe(2);
      expect(text.stderr).toContain(`${join(misspelt, 'vouch.toml')}: ${message} in the config`);
      expect(text.stderr).toContain(hint);
      const json = await runCli(['env', '--json'], {
        cwd: misspelt,
        timeoutMs: 60_000,
      });
      expect(json.code).toBe(2);
      const error = json.json<{ error: { exitCode: number; message: string; hint: string } }>().error;
      expect(error).toMatchObject({ exitCode: 2 });
      expect(error.message).toContain(message);
      expect(error.hint).toContain(hint);
    },
    60_000,
  );

  it('accepts every table and key the README documents', async () => {
    writeFileSync(
      join(misspelt, 'vouch.toml'),
      [
        'telemetry = "metadata"',
        '[model]',
        'default = "ollama:qwen2.5-coder:7b"',
        'complete = "ollama:qwen2.5-coder:1.5b"',
        'generate = "anthropic:claude-sonnet-4-5"',
        'chat = "ollama:qwen2.5-coder:7b"',
        'embed = "ollama:nomic-embed-text"',
        '[providers.vllm]',
        'kind = "openai"',
        'base_url = "http://gpu-box:8000/v1"',
        'api_key_env = "VLLM_API_KEY"',
        'fim_template = "qwen2.5-coder"',
        'location = "local"',
        'redact = "remote"',
        'timeout_ms = 120000',
        'max_retries = 2',
        '[providers.local]',
        'context_size = 4096',
        'threads = 2',
        'gpu = "cpu"',
        '[privacy]',
        'policy = "redact-remote"',
        '[server]',
        'rate_limit_per_minute = 600',
        'body_limit_bytes = 1048576',
        'cors_origins = ["http://localhost:3000"]',
        'debug_commands = [["python3", "-m", "pytest"]]',
        '[security]',
        'external = true',
        'semgrep = [".semgrep.yml"]',
        '[licence]',
        'allow = ["permissive"]',
        'review = ["weak-copyleft"]',
        'deny = ["strong-copyleft"]',
        'project = "MIT"',
        'min_match_chars = 200',
        '[licence.packages]',
        'left-pad = "allow"',
        '',
      ].join('\n'),
    );
    const result = await runCli(['env', '--json'], {
      cwd: misspelt,
      timeoutMs: 60_000,
    });
    expect(result.code, result.stderr).toBe(0);
  }, 60_000);
});
