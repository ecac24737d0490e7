import { describe, expect, it } from 'vitest';
import { startFakeProviders } from '../../test/support/fake-providers/fake-providers.js';
import { createOpenAiModel } from './providers/openai.js';
import { withRedaction } from './redacting-model.js';
import type { PromptRedactor, RedactionSession, StreamPart } from './types.js';

/** Replaces each listed secret with a numbered placeholder; optionally reports its placeholders. */
function testRedactor(secrets: string[], reportPlaceholders: boolean): PromptRedactor {
  return {
    begin(): RedactionSession {
      const map = new Map<string, string>();
      const session: RedactionSession = {
        redact(text) {
          let out = text;
          for (const secret of secrets) {
            if (!out.includes(secret)) continue;
            if (!map.has(secret)) map.set(secret, `<SECRET_${map.size + 1}>`);
            out = out.replaceAll(secret, map.get(secret)!);
          }
          return out;
        },
        restore(text) {
          let out = text;
          for (const [secret, placeholder] of map) out = out.replaceAll(placeholder, secret);
          return out;
        },
        get count() {
          return map.size;
        },
      };
      if (reportPlaceholders) session.placeholders = () => [...map.values()];
      return session;
    },
  };
}

async function collect(stream: AsyncIterable<StreamPart>) {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('withRedaction', () => {
  for (const reportPlaceholders of [true, false]) {
    it(`restores placeholders split across stream deltas (placeholders ${reportPlaceholders ? 'reported' : 'not reported'})`, async () => {
      await using server = await startFakeProviders();
      server.script('/v1/chat/completions', {
        deltas: ['the key is <SEC', 'RET_1> and', ' <SECRET_2', '> ok'],
      });
      const model = withRedaction(
        createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl }),
        testRedactor(['AKIA-SECRET', 'pa55word'], reportPlaceholders),
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
      expect(text).toBe('the key is pa55word and AKIA-SECRET ok');
      for (const part of parts) if (part.type === 'text-delta') expect(part.delta).not.toMatch(/<SEC|RET_/);
      expect(parts.at(-1)!.type).toBe('finish');
    });
  }

  it('redacts FIM prefix/suffix and embedding inputs, restores FIM replies', async () => {
    await using server = await startFakeProviders();
    server.script('/v1/completions', { text: 'token = "<SECRET_1>"' });
    const model = withRedaction(
      createOpenAiModel({ modelId: 'm', baseUrl: server.openAiUrl }),
      testRedactor(['ghp_realtoken'], true),
    );
    const result = await model.fim({ prefix: 'old = "ghp_realtoken"\n', suffix: '# ghp_realtoken' });
    expect(result.choices[0]!.text).toBe('token = "ghp_realtoken"');
    await model.embed({ input: ['ghp_realtoken here'] });
    expect(JSON.stringify(server.requests)).not.toContain('ghp_realtoken');
  });
});
