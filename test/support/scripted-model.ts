import type {
  ChatRequest,
  EmbedRequest,
  EmbedResult,
  FimRequest,
  GenerateResult,
  LanguageModel,
  StreamPart,
} from '../../src/model/types.js';

/**
 * A fake of vouch's own LanguageModel contract for tests of the layers above `model/`: it answers from a
 * script and records every request. Adapters themselves are tested against loopback servers instead.
 */
export interface ScriptedModel extends LanguageModel {
  requests: (ChatRequest | FimRequest | EmbedRequest)[];
}

export function scriptedModel(
  replies: string[] | ((request: ChatRequest, index: number) => string[]),
  id = 'scripted:test',
): ScriptedModel {
  const requests: (ChatRequest | FimRequest | EmbedRequest)[] = [];
  let calls = 0;
  const answer = (request: ChatRequest): string[] => {
    const index = calls++;
    if (typeof replies === 'function') return replies(request, index);
    const n = request.n ?? 1;
    return Array.from({ length: n }, (_, i) => replies[(index * n + i) % replies.length]!);
  };
  const result = (texts: string[]): GenerateResult => ({
    choices: texts.map((text) => ({ text, finishReason: 'stop' })),
    usage: { inputTokens: 10, outputTokens: texts.join('').length },
    model: id,
  });
  const [provider, ...rest] = id.split(':');
  return {
    provider: provider!,
    modelId: rest.join(':'),
    id,
    location: 'local',
    capabilities: { chat: true, stream: true, fim: true, embed: false, json: true },
    requests,
    async chat(request) {
      requests.push(request);
      return result(answer(request));
    },
    async *streamChat(request): AsyncIterable<StreamPart> {
      requests.push(request);
      const text = answer({ ...request, n: 1 })[0]!;
      for (let i = 0; i < text.length; i += 7) yield { type: 'text-delta', delta: text.slice(i, i + 7) };
      yield {
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 10, outputTokens: text.length },
        model: id,
      };
    },
    async fim(request) {
      requests.push(request);
      return result(answer({ messages: [{ role: 'user', content: request.prefix }], n: request.n ?? 1 }));
    },
    async embed(request): Promise<EmbedResult> {
      requests.push(request);
      throw new Error('the scripted model has no embeddings');
    },
  };
}
