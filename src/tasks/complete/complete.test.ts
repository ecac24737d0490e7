// end-to-end: the imports check probes Python in the sandbox
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { type ScriptedModel, scriptedModel } from '../../../test/support/scripted-model.js';
import type { ChatRequest, FimRequest } from '../../model/types.js';
import { cacheStateDir } from '../../workspace/root.js';
import { type CompletionDetails, runTask, type TaskHost, TaskSession, warmCompletion } from '../index.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());
/** the user's cache dir (XDG_CACHE_HOME) of each test: the completion cache's disk layer lives there */
let userCache: string;
beforeEach(() => {
  userCache = mkdtempSync(join(tmpdir(), 'vouch-user-cache-'));
  vi.stubEnv('XDG_CACHE_HOME', userCache);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(userCache, { recursive: true, force: true });
});
/** the sessions a test's face made, closed after it as the face closes them on shutdown */
const sessions: TaskSession[] = [];
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
});
/** A face's task session in `root` (warm: a long-lived face's, the index kept open and the probe warm). */
function sessionFor(root: string, warm = false): TaskSession {
  const session = new TaskSession(root, { warm });
  sessions.push(session);
  return session;
}

function hostFor(root: string, model: ScriptedModel, extra: Partial<TaskHost> = {}): TaskHost {
  return { workspaceRoot: root, config: {}, model: async () => model, ...extra };
}

function details(result: { details?: Record<string, unknown> }): CompletionDetails {
  return result.details as unknown as CompletionDetails;
}

const PY = 'def add(a, b):\n    \n\n\ndef other():\n    return 1\n';

describe('complete', () => {
  it('fills a Python function body and stops where the body ends', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const model = scriptedModel(['return a + b\n\n\ndef extra():\n    return 2\n']);
    const result = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5 },
      host: hostFor(root, model),
    });
    expect(resultIssues('complete', result)).toEqual([]);
    expect(result.generated_code).toBe('return a + b');
    expect(details(result)).toMatchObject({
      completion: 'return a + b',
      range: { start: { line: 2, column: 5 }, end: { line: 2, column: 17 } },
      cached: false,
      cut: 'block-end',
    });
    expect(result.verification.checks.map((check) => [check.name, check.status])).toEqual([
      ['syntax', 'pass'],
      ['imports', 'skip'],
      ['names', 'pass'],
      ['security', 'pass'],
    ]);
    expect(result.verification.status).toBe('pass');
    const request = model.requests[0] as FimRequest;
    expect(request.prefix.endsWith('def add(a, b):\n    ')).toBe(true);
    expect(request.suffix.startsWith('\n\n\ndef other():')).toBe(true);
  });

  it('keeps a multi-line body whole, and a closing brace the suffix already has is left out', async () => {
    const source = 'export function total(items: number[]): number {\n  \n}\n';
    const root = fixtures.project('vouch-complete-', { 'src/total.ts': source });
    const model = scriptedModel([
      'let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n\nexport function more() {}\n',
    ]);
    const result = await runTask({
      name: 'complete',
      input: { file: 'src/total.ts', line: 2, column: 3 },
      host: hostFor(root, model),
    });
    expect(result.generated_code).toBe(
      'let sum = 0;\n  for (const item of items) sum += item;\n  return sum;',
    );
    expect(details(result).range.end).toEqual({ line: 4, column: 14 });
    expect(result.verification.status).toBe('pass');
  });

  it('at the top level stops after the statement the cursor starts', async () => {
    const root = fixtures.project('vouch-complete-', { 'app.py': 'import os\n\n' });
    const model = scriptedModel(['def home():\n    return os.getcwd()\n\nprint(home())\nhome()\n']);
    const result = await runTask({
      name: 'complete',
      input: { file: 'app.py', line: 3, column: 1 },
      host: hostFor(root, model),
    });
    expect(result.generated_code).toBe('def home():\n    return os.getcwd()');
    expect(details(result).cut).toBe('statement-end');
  });

  it('fails the syntax check for a completion that does not parse in place', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const model = scriptedModel(['return (a +']);
    const result = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5 },
      host: hostFor(root, model),
    });
    expect(result.verification.status).toBe('fail');
    const syntax = result.verification.checks.find((check) => check.name === 'syntax')!;
    expect(syntax.status).toBe('fail');
    expect(syntax.findings[0]!.line).toBe(2);
  });

  it('with repair rounds, sends the syntax error back and keeps the repaired completion that parses', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const model = scriptedModel(['return (a +', 'Here:\n```python\nreturn a + b\n```\n']);
    const result = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5, repair: 2, cache: false },
      host: hostFor(root, model),
    });
    expect(result.generated_code).toBe('return a + b');
    expect(result.verification.status).toBe('pass');
    expect(result.verification.rounds).toHaveLength(1);
    expect(result.verification.rounds[0]).toMatchObject({ round: 1, status: 'pass' });
    expect(result.verification.rounds[0]!.feedback[0]).toMatch(
      /^syntax: line 2: the completion does not parse/,
    );
    const chat = model.requests[1] as ChatRequest;
    expect(chat.messages[1]!.content).toContain('def add(a, b):\n    <CURSOR>\n');
    expect(chat.messages.at(-2)).toEqual({ role: 'assistant', content: '```python\nreturn (a +\n```' });
    expect(chat.messages.at(-1)!.content).toContain('only the text to insert at <CURSOR>');
  });

  it('sends an invented import back with its did-you-mean; a round that fails again never replaces the first', async () => {
    const root = fixtures.project('vouch-complete-', {
      'src/read.ts': 'export const x = 1;\n\n',
      'package.json': '{"name":"p","type":"module"}',
    });
    const invented = "import { readFileSynk } from 'node:fs';\n";
    const fixedImport = "```ts\nimport { readFileSync } from 'node:fs';\n```";
    const repaired = await runTask({
      name: 'complete',
      input: { file: 'src/read.ts', line: 3, column: 1, repair: 1, cache: false },
      host: hostFor(root, scriptedModel([invented, fixedImport])),
    });
    expect(repaired.verification.rounds[0]!.feedback.join('\n')).toContain('readFileSync');
    expect(repaired.generated_code).toBe("import { readFileSync } from 'node:fs';");
    expect(repaired.verification.status).toBe('pass');
    const stubborn = await runTask({
      name: 'complete',
      input: { file: 'src/read.ts', line: 3, column: 1, repair: 1, cache: false },
      host: hostFor(root, scriptedModel([invented, "```ts\nimport { readFileSynC } from 'node:fs';\n```"])),
    });
    expect(stubborn.verification.rounds).toMatchObject([{ round: 1, status: 'fail' }]);
    expect(stubborn.generated_code).toBe("import { readFileSynk } from 'node:fs';");
    expect(stubborn.verification.status).toBe('fail');
  });

  it('judges each buffer of the same file on its own text (the tree is reparsed from the last one)', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const host = hostFor(root, scriptedModel(['return a + b\n', 'return (a +\n', 'return a - b\n']), {
      session: sessionFor(root),
    });
    const first = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5, cache: false },
      host,
    });
    expect(first.verification.status).toBe('pass');
    const edited = `import math\n\n${PY}`;
    const second = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 4, column: 5, text: edited, cache: false },
      host,
    });
    expect(second.verification.status).toBe('fail');
    expect(second.verification.checks[0]!.findings[0]!.line).toBe(4);
    const broken = edited.replace('def other():', 'def other(:');
    const third = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 4, column: 5, text: broken, cache: false },
      host,
    });
    // the broken line further down was broken before the completion: not the completion's fault
    expect(third.generated_code).toBe('return a - b');
    expect(third.verification.status).toBe('pass');
  });

  it('checks the imports a completion adds and names the real export it meant', async () => {
    const root = fixtures.project('vouch-complete-', {
      'src/read.ts': 'export const x = 1;\n\n',
      'package.json': '{"name":"p","type":"module"}',
    });
    const model = scriptedModel(["import { readFileSynk } from 'node:fs';\n"]);
    const result = await runTask({
      name: 'complete',
      input: { file: 'src/read.ts', line: 3, column: 1 },
      host: hostFor(root, model),
    });
    const imports = result.verification.checks.find((check) => check.name === 'imports')!;
    expect(imports.status).toBe('fail');
    expect(JSON.stringify(imports.findings)).toContain('readFileSync');
    expect(result.verification.status).toBe('fail');
  });

  // issue 57: a completion that names what does not exist, or calls eval, is not delivered as verified
  const READ = 'import json\n\n\ndef read(path):\n    with open(path) as handle:\n        return \n';
  it.each([
    ['json.loadz(handle)\n', 'imports', 'api-missing', /json has no `loadz`.*did you mean `load`/],
    ['yaml.safe_load(handle)\n', 'names', 'name-undefined', /`yaml` is not defined/],
    ['json.load(handle, strict_mode=True)\n', 'imports', 'keyword-unknown', /takes no keyword `strict_mode`/],
    ['eval(handle.read())\n', 'security', undefined, /eval/i],
  ])('does not pass the completion %j', async (answer, name, ruleId, message) => {
    const root = fixtures.project('vouch-complete-', { 'data.py': READ });
    const result = await runTask({
      name: 'complete',
      input: { file: 'data.py', line: 6, column: 16 },
      host: hostFor(root, scriptedModel([answer])),
    });
    expect(result.generated_code).toBe(answer.trim());
    const check = result.verification.checks.find((entry) => entry.name === name)!;
    expect(check.status, JSON.stringify(check)).toBe('fail');
    const finding = check.findings[0]!;
    if (ruleId) expect(finding.ruleId).toBe(ruleId);
    expect(finding.message).toMatch(message);
    // on the completion's own line, in the file
    expect([finding.file, finding.line]).toEqual(['data.py', 6]);
    expect(result.verification.status).toBe('fail');
  });

  // r18: a JavaScript completion that closes the block it sits in does not parse on its own lines
  const ROUTE =
    "// routes\n\n\nconst { execFile } = require('child_process');\napp.get('/', (req, res) => {\n  const name = 'x';\n  ";
  it('judges a completion that closes its block on the file it completes (r18)', async () => {
    const root = fixtures.project('vouch-complete-', { 'app.js': `${ROUTE}\n` });
    const result = await runTask({
      name: 'complete',
      input: { file: 'app.js', line: 7, column: 3, cache: false },
      host: hostFor(root, scriptedModel(["execFile('ls', [name], () => {});\n  res.send('ok');\n});\n"])),
    });
    const security = result.verification.checks.find((check) => check.name === 'security')!;
    expect(security.status, JSON.stringify(security)).toBe('pass');
  });

  it('keeps a completion that breaks the file not verified, at the line of the file (r18)', async () => {
    const root = fixtures.project('vouch-complete-', { 'app.js': `${ROUTE}\n` });
    const result = await runTask({
      name: 'complete',
      input: { file: 'app.js', line: 7, column: 3, cache: false },
      host: hostFor(root, scriptedModel(["execFile('ls', [name], () => {});\n  res.send(\n"])),
    });
    const security = result.verification.checks.find((check) => check.name === 'security')!;
    expect(security.status, JSON.stringify(security)).toBe('error');
    // the file's line (the call left open at line 5), not the completion's own second line
    expect(security.reason).toMatch(/app\.js line [5-8]\)/);
    expect(result.verification.status).not.toBe('pass');
  });

  it('passes a completion whose names and keywords are real, and one using a name the file defines later', async () => {
    const root = fixtures.project('vouch-complete-', {
      'data.py': `${READ}\n\nLIMIT = 3\n`,
    });
    for (const answer of [
      'json.load(handle, parse_float=float)[:LIMIT]\n',
      'json.loads(handle.read(), strict=False)\n',
    ]) {
      const result = await runTask({
        name: 'complete',
        input: { file: 'data.py', line: 6, column: 16, cache: false },
        host: hostFor(root, scriptedModel([answer])),
      });
      expect(
        result.verification.checks.map((check) => [check.name, check.status]),
        JSON.stringify(result.verification.checks),
      ).toEqual([
        ['syntax', 'pass'],
        ['imports', 'pass'],
        ['names', 'pass'],
        ['security', 'pass'],
      ]);
      expect(result.verification.status).toBe('pass');
    }
  });

  it('answers the same prefix from the cache, and the rest of a completion typed ahead', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const model = scriptedModel(['return a + b\n']);
    const host = hostFor(root, model, { session: sessionFor(root) });
    const first = await runTask({ name: 'complete', input: { file: 'calc.py', line: 2, column: 5 }, host });
    const again = await runTask({ name: 'complete', input: { file: 'calc.py', line: 2, column: 5 }, host });
    expect(details(first).cached).toBe(false);
    expect(details(again).cached).toBe(true);
    expect(again.generated_code).toBe('return a + b');
    expect(again.verification.status).toBe('pass');
    const typed = PY.replace('    \n', '    ret\n');
    const ahead = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 8, text: typed },
      host,
    });
    expect(details(ahead)).toMatchObject({ completion: 'urn a + b', cached: true });
    expect(model.requests).toHaveLength(1);
    const uncached = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5, cache: false },
      host,
    });
    expect(details(uncached).cached).toBe(false);
    expect(model.requests).toHaveLength(2);
  });

  it("puts the signatures of the file's imports into the prompt and reports them as context", async () => {
    const root = fixtures.project('vouch-complete-', {
      'shop/prices.py':
        'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
      'shop/cart.py': 'from shop.prices import net_price\n\n\ndef cart_total(items):\n    \n',
      'shop/__init__.py': '',
    });
    const index = await fixtures.indexed(root);
    const model = scriptedModel(['return sum(net_price(item) for item in items)\n']);
    const result = await runTask({
      name: 'complete',
      input: { file: 'shop/cart.py', line: 5, column: 5 },
      host: hostFor(root, model, { index }),
    });
    const request = model.requests[0] as FimRequest;
    expect(request.prefix).toContain(
      '# shop/prices.py:1: def net_price(gross: float, rate: float = 0.2) -> float:',
    );
    expect(result.context).toEqual([
      expect.objectContaining({ path: 'shop/prices.py', startLine: 1, reason: 'imported as net_price' }),
    ]);
  });

  it('in a long-lived face, reads the index kept open, and what another process indexed since', async () => {
    const root = fixtures.project('vouch-complete-kept-', {
      'shop/prices.ts': 'export function netPrice(gross: number): number {\n  return gross / 1.2;\n}\n',
      'shop/cart.ts':
        "import { netPrice } from './prices';\n\nexport function cartTotal(items: number[]) {\n  \n}\n",
    });
    const session = sessionFor(root, true);
    const model = scriptedModel(['return 0;\n', 'return 1;\n', 'return 2;\n']);
    const complete = () =>
      runTask({
        name: 'complete',
        input: { file: 'shop/cart.ts', line: 4, column: 3, cache: false },
        host: hostFor(root, model, { session }),
      });
    // no index yet: no context, and the completion says how to get it
    const first = await complete();
    expect(first.context).toEqual([]);
    (await fixtures.indexed(root)).close();
    await complete();
    expect((model.requests[1] as FimRequest).prefix).toContain(
      '// shop/prices.ts:1: function netPrice(gross: number): number',
    );
    // another process re-indexes after an edit: the next completion reads the new signature
    writeFileSync(
      join(root, 'shop', 'prices.ts'),
      'export function netPrice(gross: number, rate: number): number {\n  return gross / (1 + rate);\n}\n',
    );
    (await fixtures.indexed(root)).close();
    await complete();
    expect((model.requests[2] as FimRequest).prefix).toContain(
      '// shop/prices.ts:1: function netPrice(gross: number, rate: number): number',
    );
  });

  it("computes a buffer's context when it opens, and never serves it once the index changed", async () => {
    const cart =
      "import { netPrice } from './prices';\n\nexport function cartTotal(items: number[]) {\n  \n}\n";
    const root = fixtures.project('vouch-complete-opened-', {
      'shop/prices.ts': 'export function netPrice(gross: number): number {\n  return gross / 1.2;\n}\n',
      'shop/cart.ts': cart,
    });
    (await fixtures.indexed(root)).close();
    const session = sessionFor(root, true);
    const model = scriptedModel(['return 0;\n', 'return 1;\n']);
    const complete = () =>
      runTask({
        name: 'complete',
        input: { file: 'shop/cart.ts', line: 4, column: 3, text: cart, cache: false },
        host: hostFor(root, model, { session }),
      });
    await warmCompletion(session, { path: 'shop/cart.ts', text: cart });
    const first = await complete();
    expect(first.context).toEqual([
      expect.objectContaining({ path: 'shop/prices.ts', startLine: 1, reason: 'imported as netPrice' }),
    ]);
    expect((model.requests[0] as FimRequest).prefix).toContain(
      '// shop/prices.ts:1: function netPrice(gross: number): number',
    );
    // opened again with the same text, then the index changes: the completion reads the new signature
    await warmCompletion(session, { path: 'shop/cart.ts', text: cart });
    writeFileSync(
      join(root, 'shop', 'prices.ts'),
      'export function netPrice(gross: number, rate: number): number {\n  return gross / (1 + rate);\n}\n',
    );
    (await fixtures.indexed(root)).close();
    await complete();
    expect((model.requests[1] as FimRequest).prefix).toContain(
      '// shop/prices.ts:1: function netPrice(gross: number, rate: number): number',
    );
  });

  // issue 60: what a warm session loads when a buffer opens (its tree, its context, the checks, the warm
  // compiler, the model's HTTP classes) is the first completion's work done early, never another answer
  it('answers the same, warmed when the buffer opened or not: what the model is sent, the completion, its checks', async () => {
    const cart = 'import json\nfrom shop.prices import net_price\n\n\ndef cart_total(items):\n    \n';
    const root = fixtures.project('vouch-complete-warmed-', {
      'shop/prices.py':
        'def net_price(gross: float, rate: float = 0.2) -> float:\n    return gross / (1 + rate)\n',
      'shop/cart.py': cart,
      'shop/__init__.py': '',
    });
    (await fixtures.indexed(root)).close();
    const answers = ['return sum(net_price(item) for item in items)\n', 'return json.loadz(items)\n'];
    const run = async (warmed: boolean) => {
      const session = sessionFor(root, true);
      if (warmed) {
        await warmCompletion(session, { path: 'shop/cart.py', text: cart });
        await session.ready();
        await new Promise((resolve) => setImmediate(resolve));
      }
      const model = scriptedModel([...answers]);
      const seen = [];
      for (const _ of answers) {
        const result = await runTask({
          name: 'complete',
          input: { file: 'shop/cart.py', line: 6, column: 5, text: cart, cache: false },
          host: hostFor(root, model, { session }),
        });
        const { completion, range, cut } = details(result);
        seen.push({
          code: result.generated_code,
          details: { completion, range, cut },
          context: result.context,
          confidence: result.confidence,
          status: result.verification.status,
          checks: result.verification.checks.map((check) => ({
            name: check.name,
            status: check.status,
            findings: check.findings.map((finding) => [finding.ruleId, finding.line, finding.message]),
          })),
        });
      }
      const sent = (model.requests as FimRequest[]).map((request) => [request.prefix, request.suffix]);
      return { seen, sent };
    };
    const cold = await run(false);
    const warm = await run(true);
    expect(warm).toEqual(cold);
    // the two answers are told apart: one passes, one names what json does not have
    expect(cold.seen.map((answer) => answer.status)).toEqual(['pass', 'fail']);
    expect(cold.seen[0]!.context).toEqual([
      expect.objectContaining({ path: 'shop/prices.py', reason: 'imported as net_price' }),
    ]);
  });

  it('keeps nothing between tasks of hosts without a session, and nothing past a session', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const model = scriptedModel(['return a + b\n']);
    const input = { file: 'calc.py', line: 2, column: 5 };
    await runTask({ name: 'complete', input, host: hostFor(root, model) });
    expect(details(await runTask({ name: 'complete', input, host: hostFor(root, model) })).cached).toBe(
      false,
    );
    const session = sessionFor(root);
    await runTask({ name: 'complete', input, host: hostFor(root, model, { session }) });
    expect(
      details(await runTask({ name: 'complete', input, host: hostFor(root, model, { session }) })).cached,
    ).toBe(true);
    expect(
      details(
        await runTask({ name: 'complete', input, host: hostFor(root, model, { session: sessionFor(root) }) }),
      ).cached,
    ).toBe(false);
    expect(model.requests).toHaveLength(4);
  });

  it('has written its cache entry when a completion without a session returns: nothing writes after', async () => {
    // a one-shot command's completion (`vouch complete`): once it returned, a face may remove the
    // workspace (a test's afterEach did, and met `.vouch/` filling up again: ENOTEMPTY)
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY, '.vouch/.keep': '' });
    const model = scriptedModel(['return a + b\n']);
    await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5 },
      host: hostFor(root, model),
    });
    expect(
      readdirSync(join(cacheStateDir(root), 'complete-cache')).filter((name) => name.endsWith('.json')),
    ).toHaveLength(1);
  });

  it('asks the model and runs the checks in a clone whose .vouch/complete-cache holds a forged entry', async () => {
    // review r43: a repository's author commits `.vouch/complete-cache/<key>.json` (the key is computable:
    // model, file, text around the cursor) whose completion is theirs and whose checks say pass
    const input = { file: 'calc.py', line: 2, column: 5 };
    const author = fixtures.project('vouch-complete-', { 'calc.py': PY, '.vouch/.keep': '' });
    await runTask({ name: 'complete', input, host: hostFor(author, scriptedModel(['return a + b\n'])) });
    const folder = [
      join(cacheStateDir(author), 'complete-cache'),
      join(author, '.vouch', 'complete-cache'),
    ].find(
      (candidate) => existsSync(candidate), // the second: where a vouch before the fix kept it
    )!;
    const [name] = readdirSync(folder).filter((file) => file.endsWith('.json'));
    const forged = { ...JSON.parse(readFileSync(join(folder, name!), 'utf8')), completion: 'return 42\n' };
    const clone = fixtures.project('vouch-complete-', { 'calc.py': PY, '.vouch/.keep': '' });
    mkdirSync(join(clone, '.vouch', 'complete-cache'));
    writeFileSync(join(clone, '.vouch', 'complete-cache', name!), JSON.stringify(forged));
    const model = scriptedModel(['return a - b\n']);
    const result = await runTask({ name: 'complete', input, host: hostFor(clone, model) });
    expect(model.requests).toHaveLength(1);
    expect(details(result).cached).toBe(false);
    expect(result.generated_code).toContain('a - b');
    expect(result.generated_code).not.toContain('42');
    expect(result.verification.checks.length).toBeGreaterThan(0);
  });

  it('reports an empty completion as unverified, with a note', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY });
    const result = await runTask({
      name: 'complete',
      input: { file: 'calc.py', line: 2, column: 5 },
      host: hostFor(root, scriptedModel([''])),
    });
    expect(result.generated_code).toBe('');
    expect(result.verification.status).toBe('unverified');
    expect(result.notes.join(' ')).toMatch(/empty completion/);
  });

  it('refuses a missing file, a line or column outside the file, and a file of no known language', async () => {
    const root = fixtures.project('vouch-complete-', { 'calc.py': PY, 'notes.txt': 'hello\n' });
    const host = hostFor(root, scriptedModel(['x']));
    await expect(
      runTask({ name: 'complete', input: { file: 'nope.py', line: 1, column: 1 }, host }),
    ).rejects.toThrow(/cannot read nope\.py \(ENOENT\)/);
    await expect(
      runTask({ name: 'complete', input: { file: 'calc.py', line: 40, column: 1 }, host }),
    ).rejects.toThrow(/line 40 is outside calc\.py \(it has 7 lines\)/);
    await expect(
      runTask({ name: 'complete', input: { file: 'calc.py', line: 1, column: 30 }, host }),
    ).rejects.toThrow(/column 30 is past the end of line 1 of calc\.py \(it has 14 characters\)/);
    await expect(
      runTask({ name: 'complete', input: { file: 'notes.txt', line: 1, column: 1 }, host }),
    ).rejects.toThrow(/cannot tell the language of notes\.txt/);
    await expect(
      runTask({ name: 'complete', input: { file: '../x.py', line: 1, column: 1 }, host }),
    ).rejects.toThrow(/file: must be relative to the workspace/);
  });
});
