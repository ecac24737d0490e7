import { afterEach, describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { writeFiles } from '../../../test/support/temp-project.js';
import { startTestServer } from '../../../test/support/vouch-server.js';
import { IndexStore } from '../../index/index-store.js';
import { refreshIndex } from '../../index/open-index.js';
import { runTask, type TaskResult } from '../index.js';
import { lineOf, PYTHON_REPORTS, TYPESCRIPT_NOTIFY } from './__fixtures__/projects.js';
import { splitDesignAnswer } from './answer.js';
import { parseBases } from './bases.js';
import type { DesignDetails } from './design-details.js';

const fixtures = new IndexFixtures();
const { fake, host } = await fakeModelsForFile();
afterEach(() => {
  fixtures.cleanUp();
  fake.reset();
});

const details = (result: TaskResult) => result.details as unknown as DesignDetails;
const lastPrompt = () => {
  const body = fake.requestsTo('/v1/chat/completions').at(-1)!.body as {
    messages: { role: string; content: string }[];
  };
  return { system: body.messages[0]!.content, user: body.messages.at(-1)!.content };
};

describe('ask --design on a Python project', () => {
  const files = PYTHON_REPORTS;
  const exporter = lineOf(files, 'reports/base.py', 'class Exporter(ABC)');
  const exportError = lineOf(files, 'reports/errors.py', 'class ExportError');
  const raise = lineOf(files, 'reports/json_exporter.py', 'raise ExportError');
  const fixture = lineOf(files, 'tests/conftest.py', '@pytest.fixture');
  const firstTest = lineOf(files, 'tests/test_json_exporter.py', 'def test_renders_title_and_rows');

  it('gathers the patterns first, puts them in the prompt, keeps the citations that resolve and the alternatives', async () => {
    const root = fixtures.project('vouch-design-py-', files);
    const index = await fixtures.indexed(root);
    fake.script('/v1/chat/completions', {
      text: `## Proposal
Add \`reports/csv_exporter.py\` with a \`CsvExporter\` that subclasses \`Exporter\` [reports/base.py:${exporter}-${exporter + 16}] and sets \`media_type\` and \`extension\` like the JSON exporter does. A value the csv module cannot write is raised as \`ExportError\` [reports/errors.py:${exportError}], the way [reports/json_exporter.py:${raise}] does; the new class goes in the registry. It would reuse the helpers in [reports/csv_helpers.py:3] and [reports/base.py:300].
Test it with pytest using the \`sample_report\` fixture [tests/conftest.py:${fixture}-${fixture + 6}], as [tests/test_json_exporter.py:${firstTest}] does.

## Alternatives
### A format argument on JsonExporter
Teach one exporter several formats. Trade-offs: fewer classes, but every format change touches one growing class, unlike the one-class-per-format pattern [reports/base.py:${exporter}].
### pandas' to_csv
Build a DataFrame and call to_csv. Trade-offs: less code, but a heavy dependency the project does not have.
`,
    });
    const result = await runTask({
      name: 'ask',
      input: { question: 'how should we add a CSV exporter for reports?', design: true },
      host: host(root),
    }).catch((error) => {
      throw error;
    });
    expect(resultIssues('ask', result)).toEqual([]);
    // the evidence, gathered before the model, from the index
    const found = details(result).evidence;
    expect(found.language).toBe('python');
    expect(found.bases[0]).toMatchObject({
      name: 'Exporter',
      path: 'reports/base.py',
      startLine: exporter,
      subclasses: 2,
    });
    expect(found.bases[0]!.label).toMatch(/HtmlExporter, JsonExporter/);
    expect(found.errors).toContainEqual(
      expect.objectContaining({ path: 'reports/json_exporter.py', startLine: raise }),
    );
    expect(found.errors).toContainEqual(
      expect.objectContaining({
        path: 'reports/errors.py',
        startLine: exportError,
        label: expect.stringMatching(/a ReportError/),
      }),
    );
    expect(found.testFramework).toBe('pytest');
    expect(found.tests).toContainEqual(
      expect.objectContaining({ kind: 'test', path: 'tests/test_json_exporter.py', startLine: firstTest }),
    );
    expect(found.tests).toContainEqual(
      expect.objectContaining({ kind: 'fixture', path: 'tests/conftest.py', startLine: fixture }),
    );
    // the prompt carries the cited patterns, with their lines
    const prompt = lastPrompt();
    expect(prompt.system).toMatch(/## Alternatives/);
    expect(prompt.user).toContain(`[reports/base.py:${exporter}-`);
    expect(prompt.user).toContain(`${String(exporter).padStart(4)}  class Exporter(ABC):`);
    expect(prompt.user).toContain('pytest fixture sample_report (tests/conftest.py)');
    expect(prompt.user).toContain(
      `[reports/json_exporter.py:${raise}-${raise}] reports/json_exporter.py raises ExportError`,
    );
    expect(prompt.user).toMatch(/Request: how should we add a CSV exporter for reports\?$/);
    // citations: those that resolve stay, the made-up file and the line past the end are dropped and reported
    expect(result.citations.map((citation) => `${citation.path}:${citation.startLine}`)).toEqual([
      `reports/base.py:${exporter}`,
      `reports/errors.py:${exportError}`,
      `reports/json_exporter.py:${raise}`,
      `tests/conftest.py:${fixture}`,
      `tests/test_json_exporter.py:${firstTest}`,
      // the alternative's citation of the class line alone
      `reports/base.py:${exporter}`,
    ]);
    expect(details(result).dropped).toEqual(['[reports/csv_helpers.py:3]', '[reports/base.py:300]']);
    expect(result.notes.join(' ')).toMatch(
      /2 citations did not resolve .* removed: \[reports\/csv_helpers\.py:3\]/,
    );
    expect(result.explanation).not.toMatch(/csv_helpers|:300/);
    expect(result.explanation).toMatch(/^Add `reports\/csv_exporter\.py`/);
    expect(result.explanation).not.toMatch(/Alternatives|pandas/);
    expect(details(result).evidenceCited).toBeGreaterThanOrEqual(4);
    // alternatives, each with its trade-offs
    expect(details(result).alternatives.map((alternative) => alternative.title)).toEqual([
      'A format argument on JsonExporter',
      "pandas' to_csv",
    ]);
    expect(details(result).alternatives[1]!.tradeOffs).toMatch(/heavy dependency/);
    expect(result.alternatives[0]!.explanation).toMatch(
      /^A format argument on JsonExporter: Teach .*\nTrade-offs: fewer classes/,
    );
    expect(result.confidence).toBe('medium');
    expect(result.verification.status).toBe('none');
    expect(result.context.map((source) => source.path)).toContain('tests/conftest.py');
    expect(index.isEmpty()).toBe(false);
  });

  it('keeps the evidence when the model is weak: no citations, no structure, or no answer at all', async () => {
    const root = fixtures.project('vouch-design-py-', files);
    await fixtures.indexed(root);
    fake.script('/v1/chat/completions', { text: 'Just write a CSV exporter somewhere.' }, { text: '' });
    const models = host(root);
    const question = { question: 'how should we add a CSV exporter for reports?', design: true };
    const vague = await runTask({ name: 'ask', input: question, host: models });
    expect(vague.explanation).toBe('Just write a CSV exporter somewhere.');
    expect(details(vague).ungrounded).toBe(true);
    expect(vague.confidence).toBe('low');
    expect(vague.notes.join(' ')).toMatch(/not grounded in the code/);
    expect(vague.notes.join(' ')).toMatch(/no alternatives/);
    expect(details(vague).evidence.bases.map((base) => base.name)).toContain('Exporter');

    const silent = await runTask({ name: 'ask', input: question, host: models });
    expect(silent.notes.join(' ')).toMatch(/gave no proposal; the patterns found in the codebase are listed/);
    expect(silent.explanation).toContain(`[reports/base.py:${exporter}-`);
    expect(silent.explanation).toMatch(/Tests \(pytest\):/);
  });

  it('without an index says how to build one, and still answers from what retrieval has', async () => {
    const root = fixtures.project('vouch-design-py-', files);
    fake.script('/v1/chat/completions', {
      text: `Subclass the exporter base [reports/base.py:${exporter}].`,
    });
    const result = await runTask({
      name: 'ask',
      input: { question: 'how should we add a CSV exporter?', design: true },
      host: host(root),
    });
    expect(result.notes.join(' ')).toMatch(/no index, so no patterns were gathered \(run `vouch index`\)/);
    expect(details(result).evidence.bases).toEqual([]);
    expect(result.citations).toEqual([
      expect.objectContaining({ path: 'reports/base.py', startLine: exporter }),
    ]);
    // cites real code, but none of the (absent) evidence
    expect(result.confidence).toBe('low');
  });
});

describe('ask --design on a TypeScript project', () => {
  const files = TYPESCRIPT_NOTIFY;
  const baseChannel = lineOf(files, 'src/notify/channel.ts', 'export abstract class BaseChannel');
  const channel = lineOf(files, 'src/notify/channel.ts', 'export interface Channel');
  const deliveryError = lineOf(files, 'src/notify/errors.ts', 'export class DeliveryError');
  const thrown = lineOf(files, 'src/notify/email-channel.ts', 'throw new DeliveryError');
  const helper = lineOf(files, 'test/notify/email-channel.test.ts', "from '../support/fake-transport.js'");
  const firstTest = lineOf(files, 'test/notify/email-channel.test.ts', "it('sends the message");

  it('cites the abstract class, the error hierarchy and the vitest style; drops a made-up citation', async () => {
    const root = fixtures.project('vouch-design-ts-', files);
    await fixtures.indexed(root);
    fake.script('/v1/chat/completions', {
      text: `**Proposal**
Add \`src/notify/sms-channel.ts\`: \`class SmsChannel extends BaseChannel\` [src/notify/channel.ts:${baseChannel}-${baseChannel + 9}], implementing \`deliver\` only, with the gateway injected as \`EmailChannel\` injects its transport. A refused message throws \`DeliveryError\` [src/notify/errors.ts:${deliveryError}] as in [src/notify/email-channel.ts:${thrown}]; the retry flag says whether the gateway may succeed later. See also [src/notify/sms-gateway.ts:12].

Tests in vitest beside the email channel's [test/notify/email-channel.test.ts:${firstTest}], with a fake gateway in test/support like [test/notify/email-channel.test.ts:${helper}].

**Alternatives**
1. **Implement Channel directly** — skip the base class [src/notify/channel.ts:${channel}]. Trade-offs: no empty-message guard for free; more freedom in send().
2. **A generic HTTP channel** — configure WebhookChannel with the SMS provider's URL. Trade-offs: no new class, but provider-specific errors become plain HTTP statuses.
`,
    });
    const result = await runTask({
      name: 'ask',
      input: { question: 'how should we add an SMS channel for notifications?', design: true },
      host: host(root),
    });
    const found = details(result).evidence;
    expect(found.language).toBe('typescript');
    expect(found.modules[0]!.path).toBe('src/notify/channel.ts');
    expect(found.bases[0]).toMatchObject({ name: 'BaseChannel', startLine: baseChannel, subclasses: 2 });
    expect(found.bases.map((base) => base.name)).toContain('Channel');
    expect(found.errors).toContainEqual(
      expect.objectContaining({ path: 'src/notify/email-channel.ts', startLine: thrown }),
    );
    expect(found.errors).toContainEqual(
      expect.objectContaining({
        path: 'src/notify/errors.ts',
        startLine: deliveryError,
        label: expect.stringMatching(/a NotifyError/),
      }),
    );
    expect(found.testFramework).toBe('vitest');
    expect(found.tests.map((item) => item.label)).toEqual(
      expect.arrayContaining([
        'vitest test',
        'beforeEach set-up',
        'test helper imported from ../support/fake-transport.js',
      ]),
    );
    const prompt = lastPrompt().user;
    expect(prompt).toContain(`[src/notify/channel.ts:${baseChannel}-`);
    expect(prompt).toContain('extended or implemented by 2 classes (EmailChannel, WebhookChannel)');
    expect(prompt).toContain('```typescript');

    expect(details(result).dropped).toEqual(['[src/notify/sms-gateway.ts:12]']);
    expect(result.notes.join(' ')).toMatch(
      /1 citation did not resolve .* was removed: \[src\/notify\/sms-gateway\.ts:12\]/,
    );
    expect(result.citations).toHaveLength(6);
    expect(result.explanation).toMatch(/^Add `src\/notify\/sms-channel\.ts`/);
    expect(details(result).alternatives).toEqual([
      expect.objectContaining({
        title: 'Implement Channel directly',
        tradeOffs: expect.stringMatching(/empty-message guard/),
      }),
      expect.objectContaining({
        title: 'A generic HTTP channel',
        description: expect.stringMatching(/WebhookChannel/),
      }),
    ]);
    expect(result.alternatives).toHaveLength(2);
    expect(result.confidence).toBe('medium');
  });

  it('is served by POST /v1/tasks/ask with design: true', async () => {
    const server = await startTestServer();
    try {
      writeFiles(server.workspace, files);
      const store = IndexStore.open(server.workspace);
      try {
        await refreshIndex({ root: server.workspace, store, poolThreshold: Number.POSITIVE_INFINITY });
      } finally {
        store.close();
      }
      server.fake.script('/v1/chat/completions', {
        text: `## Proposal\nExtend BaseChannel [src/notify/channel.ts:${baseChannel}] and not [src/notify/nowhere.ts:1].\n## Alternatives\n### Implement Channel\nTrade-offs: more freedom, no guard.`,
      });
      const response = await server.request('/v1/tasks/ask', {
        token: server.tokens.alice,
        json: { question: 'how should we add an SMS channel?', design: true },
      });
      expect(response.status).toBe(200);
      const result = (await response.json()) as TaskResult & { suggestion_id: string };
      expect(result.task).toBe('ask');
      expect(result.citations).toEqual([
        expect.objectContaining({ path: 'src/notify/channel.ts', startLine: baseChannel }),
      ]);
      expect(details(result).dropped).toEqual(['[src/notify/nowhere.ts:1]']);
      expect(details(result).evidence.bases[0]!.name).toBe('BaseChannel');
      expect(result.alternatives).toEqual([
        expect.objectContaining({ explanation: expect.stringMatching(/^Implement Channel/) }),
      ]);
      const body = server.fake.requestsTo('/v1/chat/completions')[0]!.body as {
        messages: { content: string }[];
      };
      expect(body.messages.at(-1)!.content).toContain('Patterns this codebase already uses');
      const refused = await server.request('/v1/tasks/ask', {
        token: server.tokens.alice,
        json: { question: 'x', design: 'yes' },
      });
      expect(refused.status).toBe(400);
    } finally {
      await server.close();
    }
  });
});

describe('the pieces', () => {
  it('reads bases from Python and TypeScript signatures', () => {
    expect(parseBases('class CsvExporter(base.Exporter, Generic[T], metaclass=ABCMeta):', 'python')).toEqual([
      'Exporter',
    ]);
    expect(parseBases('class Plain:', 'python')).toEqual([]);
    expect(
      parseBases(
        'export abstract class Store<T extends Row> extends Base<Map<string, T>> implements Closeable, ns.Disposable',
        'typescript',
      ),
    ).toEqual(['Base', 'Closeable', 'Disposable']);
    expect(parseBases('interface Channel extends Named, Sender<Message>', 'typescript')).toEqual([
      'Named',
      'Sender',
    ]);
  });

  it('splits an answer into the proposal and numbered alternatives, and ends them at the next section', () => {
    const answer = splitDesignAnswer(
      '# Recommendation\nDo X.\n\n# Alternatives\n1. **Y** — cheaper. Pros and cons: faster, riskier.\n2. **Z**: slower\n```ts\nconst z = 1;\n```\n# Summary\nX.',
    );
    expect(answer.proposal).toBe('Do X.');
    expect(answer.alternatives).toEqual([
      { title: 'Y', description: 'cheaper.', tradeOffs: 'faster, riskier.' },
      { title: 'Z', description: 'slower\n```ts\nconst z = 1;\n```', tradeOffs: '' },
    ]);
  });
});
