import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../test/support/test-folders.js';
import { UsageError } from '../core/errors.js';
import { loadConfig } from './load.js';

function tempDir(): string {
  return testFolder('vouch-config-');
}

describe('loadConfig', () => {
  it('merges user, workspace and explicit files in that order', () => {
    const home = tempDir();
    const workspace = tempDir();
    const extra = join(tempDir(), 'extra.toml');
    const env = { XDG_CONFIG_HOME: home } as NodeJS.ProcessEnv;
    mkdirSync(join(home, 'vouch'));
    writeFileSync(join(home, 'vouch', 'config.toml'), '[model]\ndefault = "ollama:a"\nchat = "ollama:c"\n');
    writeFileSync(join(workspace, 'vouch.toml'), '[model]\ndefault = "openai:b"\n');
    writeFileSync(extra, '[licence]\nproject = "MIT"\n');
    const loaded = loadConfig({ workspaceRoot: workspace, file: extra, env });
    expect(loaded.data).toEqual({
      model: { default: 'openai:b', chat: 'ollama:c' },
      licence: { project: 'MIT' },
    });
    expect(loaded.sources).toHaveLength(3);
  });

  it('names the file of invalid TOML', () => {
    const workspace = tempDir();
    writeFileSync(join(workspace, 'vouch.toml'), '[model\n');
    expect(() => loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } })).toThrow(
      UsageError,
    );
    expect(() => loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } })).toThrow(
      /vouch\.toml/,
    );
  });

  it('shows the offending line of invalid TOML without the secret in it (r49 item 12)', () => {
    const key = ['sk-proj-', 'Zq8LmX3vR7tN1pK5wY9bH2cF6dJ4sA0eU7iO3gT'].join('');
    const cases = [
      `x = "${key}\n[[[\n`, // an unclosed string
      `[providers.lb]\nbase_url = "https://u:${key}@h/v1\n`, // in a URL's password, unclosed
      `api_key = ${key}\n`, // not quoted
      `${key}\n`, // a line that is only the key
      `[providers.${key}\n`, // pasted into a table header
    ];
    for (const toml of cases) {
      const workspace = tempDir();
      writeFileSync(join(workspace, 'vouch.toml'), toml);
      let error: UsageError | undefined;
      try {
        loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } });
      } catch (caught) {
        error = caught as UsageError;
      }
      expect(error).toBeInstanceOf(UsageError);
      const text = `${error!.message}\n${error!.hint ?? ''}`;
      expect(text).toMatch(/not valid TOML/);
      expect(text).toMatch(/line \d+ is `/); // the line is still shown, its values hidden
      expect(text).not.toContain(key.slice(8, 24));
    }
  });
});

/**
 * A table or key vouch does not read is a mistake the user wants to hear about, not a setting ignored:
 * a usage error (exit 2 in every face) naming the file, with a did-you-mean. test/cli/config-errors.test.ts
 * sees one of them through the CLI, in text and in --json.
 */
describe('an unknown table or key in vouch.toml', () => {
  it.each([
    ['[modle]\ndefault = "ollama:x"\n', 'unknown table [modle]', 'did you mean [model]?'],
    ['[privacy]\npolcy = "local-only"\n', "unknown key 'polcy' in [privacy]", 'did you mean policy?'],
    [
      '[providers.vllm]\nbase_ulr = "http://gpu:8000/v1"\n',
      "unknown key 'base_ulr' in [providers.vllm]",
      'did you mean base_url?',
    ],
    ['telemtry = false\n', "unknown key 'telemtry'", 'did you mean telemetry?'],
  ])('refuses %j as a usage error with a did-you-mean', (toml, message, hint) => {
    const workspace = tempDir();
    writeFileSync(join(workspace, 'vouch.toml'), toml);
    let error: unknown;
    try {
      loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(
      `${join(workspace, 'vouch.toml')}: ${message} in the config`,
    );
    expect((error as UsageError).hint).toContain(hint);
  });

  it('accepts every table and key the README documents', () => {
    const workspace = tempDir();
    writeFileSync(
      join(workspace, 'vouch.toml'),
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
    expect(() => loadConfig({ workspaceRoot: workspace, env: { XDG_CONFIG_HOME: tempDir() } })).not.toThrow();
  });
});
