import type {
  ChatRequest,
  GenerateResult,
  LanguageModel,
  PromptRedactor,
  RedactionSession,
  StreamPart,
} from './types.js';

/** `remote` (default): redact prompts to remote models; `always`: also local ones; `never`: off. */
export type RedactPolicy = 'remote' | 'always' | 'never';

export function shouldRedact(policy: RedactPolicy, model: LanguageModel): boolean {
  return policy === 'always' || (policy === 'remote' && model.location === 'remote');
}

function restoreResult(result: GenerateResult, session: RedactionSession): GenerateResult {
  return {
    ...result,
    choices: result.choices.map((choice) => ({ ...choice, text: session.restore(choice.text) })),
  };
}

function redactChat(request: ChatRequest, session: RedactionSession): ChatRequest {
  return {
    ...request,
    messages: request.messages.map((message) => ({ ...message, content: session.redact(message.content) })),
  };
}

/** Where the not-yet-safe tail of a stream buffer starts: it might be a placeholder cut in two. */
function safeLength(buffer: string, session: RedactionSession): number {
  const placeholders = session.placeholders?.();
  if (placeholders) {
    // hold back the longest tail that is a proper prefix of some placeholder
    for (
      let start = Math.max(0, buffer.length - Math.max(0, ...placeholders.map((p) => p.length - 1)));
      start < buffer.length;
      start++
    ) {
      const tail = buffer.slice(start);
      if (
        placeholders.some((placeholder) => placeholder.length > tail.length && placeholder.startsWith(tail))
      )
        return start;
    }
    return buffer.length;
  }
  const lastSpace = Math.max(buffer.lastIndexOf(' '), buffer.lastIndexOf('\n'), buffer.lastIndexOf('\t'));
  return lastSpace + 1;
}

/**
 * Wraps a model so every prompt (messages, FIM prefix and suffix, embedding inputs) is redacted before it
 * leaves, and every reply and stream delta has the placeholders put back. One redaction session per call,
 * so a secret gets the same placeholder in every message of that call. Stream deltas are buffered while
 * their tail could be a placeholder split across deltas.
 */
export function withRedaction(model: LanguageModel, redactor: PromptRedactor): LanguageModel {
  return {
    provider: model.provider,
    modelId: model.modelId,
    id: model.id,
    location: model.location,
    ...(model.endpoint ? { endpoint: model.endpoint } : {}),
    capabilities: model.capabilities,
    async chat(request) {
      const session = redactor.begin();
      return restoreResult(await model.chat(redactChat(request, session)), session);
    },
    async fim(request) {
      const session = redactor.begin();
      const result = await model.fim({
        ...request,
        prefix: session.redact(request.prefix),
        suffix: session.redact(request.suffix),
      });
      return restoreResult(result, session);
    },
    async embed(request) {
      const session = redactor.begin();
      return model.embed({ ...request, input: request.input.map((text) => session.redact(text)) });
    },
    async *streamChat(request): AsyncGenerator<StreamPart> {
      const session = redactor.begin();
      const redacted = redactChat(request, session);
      if (session.count === 0) {
        yield* model.streamChat(redacted);
        return;
      }
      let buffer = '';
      for await (const part of model.streamChat(redacted)) {
        if (part.type === 'text-delta') {
          buffer += part.delta;
          const cut = safeLength(buffer, session);
          if (cut > 0) {
            const ready = buffer.slice(0, cut);
            buffer = buffer.slice(cut);
            yield { type: 'text-delta', delta: session.restore(ready) };
          }
          continue;
        }
        if (buffer) {
          yield { type: 'text-delta', delta: session.restore(buffer) };
          buffer = '';
        }
        yield part;
      }
    },
  };
}
