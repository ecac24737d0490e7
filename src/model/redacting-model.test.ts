import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { createOpenAiModel } from './providers/openai.js';
import { withRedaction } from './redacting-model.js';
import type { PromptRedactor, RedactionSession, StreamPart } from './types.js';

/** Replaces each listed secret with a numbered placeholder, skipping numbers the request holds already. */
function testRedactor(secrets: string[]): PromptRedactor {
  return {
    begin(options): RedactionSession {
      const map = new Map<string, string>();
      const taken = (options?.reserved ?? []).join('\n');
      let next = 1;
      return {
        redact(text) {
          let out = text;
          for (const secret of secrets) {
            if (!out.includes(secret)) continue;
            if (!map.has(secret)) {
              while (taken.includes(`<SECRET_${next}>`)) next++;
              map.set(secret, `<SECRET_${next++}>`);
            }
            out = out.replaceAll(secret, map.get(secret)!);
          }
          return out;
        },
        get count() {
          return map.size;
        },
      };
    },
  };
}

async function collect(stream: AsyncIterable<StreamPart>) {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('withRedaction', () => {
  it('sends placeholders and passes replies through with the placeholders the model wrote', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', {
      deltas: ['the key is <SEC', 'RET_1> and', ' <SECRET_2', '> ok'],
    });
    const model = withRedaction(
      createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl }),
      testRedactor(['AKIA-SECRET', 'pa55word']),
    );
    const parts = await collect(
      model.streamChat({
        messages: [
          { role: 'system', content: 'pa55word' },
          { role: 'user', content: 'AKIA-SECRET and pa55word' },
        ],
      }),
    );
    const sent = JSON.stringify(server.requests[0]!.body);
    expect(sent).not.toContain('AKIA-SECRET');
    expect(sent).not.toContain('pa55word');
    expect(sent).toContain('<SECRET_1>');
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
    // never restored (issue 55): the model did not see the values, so what it writes cannot carry them
    expect(text).toBe('the key is <SECRET_1> and <SECRET_2> ok');
    expect(parts.at(-1)!.type).toBe('finish');
  });

  it('redacts FIM prefix/suffix and embedding inputs; FIM replies keep their placeholders', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/completions', { text: 'token = "<SECRET_1>"' });
    const model = withRedaction(
      createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl }),
      testRedactor(['ghp_realtoken']),
    );
    const result = await model.fim({ prefix: 'old = "ghp_realtoken"\n', suffix: '# ghp_realtoken' });
    expect(result.choices[0]!.text).toBe('token = "<SECRET_1>"');
    await model.embed({ input: ['ghp_realtoken here'] });
    expect(JSON.stringify(server.requests)).not.toContain('ghp_realtoken');
  });

  it('gives a new secret a placeholder the request does not hold already (code quoted back in a repair)', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/chat/completions', { text: 'ok' });
    const model = withRedaction(
      createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl }),
      testRedactor(['pa55word']),
    );
    await model.chat({ messages: [{ role: 'user', content: 'key = "<SECRET_1>"\npassword = "pa55word"' }] });
    expect(JSON.stringify(server.requests[0]!.body)).toContain('password = \\"<SECRET_2>\\"');
  });
});
