import type { ChatRequest, LanguageModel, PromptRedactor, RedactionSession, StreamPart } from './types.js';

/** `remote` (default): redact prompts to remote models; `always`: also local ones; `never`: off. */
export type RedactPolicy = 'remote' | 'always' | 'never';

export function shouldRedact(policy: RedactPolicy, model: LanguageModel): boolean {
  return policy === 'always' || (policy === 'remote' && model.location === 'remote');
}

/** Every text of a request: the placeholders already in them are taken (earlier answers quoted back). */
function chatTexts(request: ChatRequest): string[] {
  return request.messages.map((message) => message.content);
}

function redactChat(request: ChatRequest, session: RedactionSession): ChatRequest {
  const counts: number[] = [];
  const contents = request.messages.map((message) => {
    const redacted = session.redact(message.content);
    counts.push(session.count);
    return redacted;
  });
  // A secret found in a later message is replaced by value in the earlier ones too (a test's output
  // quoting it before the file that defines it): those are redacted again, which leaves placeholders be.
  const final = session.count;
  return {
    ...request,
    messages: request.messages.map((message, index) => ({
      ...message,
      content:
        (counts[index] as number) < final ? session.redact(contents[index] as string) : contents[index],
    })) as ChatRequest['messages'],
  };
}

/**
 * Wraps a model so every prompt (messages, FIM prefix and suffix, embedding inputs) is redacted before it
 * leaves. One redaction session per call, so a secret gets the same placeholder in every message of that
 * call. Replies keep the placeholders the model wrote: vouch never puts a secret the model did not see
 * into what it wrote (issue 55; the tasks report where code holds one).
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
      const session = redactor.begin({ reserved: chatTexts(request) });
      return model.chat(redactChat(request, session));
    },
    async fim(request) {
      const session = redactor.begin({ reserved: [request.prefix, request.suffix] });
      return model.fim({
        ...request,
        prefix: session.redact(request.prefix),
        suffix: session.redact(request.suffix),
      });
    },
    async embed(request) {
      const session = redactor.begin();
      return model.embed({ ...request, input: request.input.map((text) => session.redact(text)) });
    },
    // a generator, so the redaction happens on the first read, inside whatever context the reader set
    // up for it (the audit's record of the call counts the session then)
    async *streamChat(request): AsyncGenerator<StreamPart> {
      const session = redactor.begin({ reserved: chatTexts(request) });
      yield* model.streamChat(redactChat(request, session));
    },
  };
}
