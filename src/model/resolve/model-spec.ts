import { ModelError } from '../model-error.js';

export interface ModelSpec {
  provider: string;
  /** everything after the first colon: `ollama:qwen2.5-coder:7b` → `qwen2.5-coder:7b` */
  name: string;
}

/** Splits `provider:name` on the first colon; model names (Ollama tags) may contain more. */
export function parseModelSpec(spec: string, source: string): ModelSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0 || colon === trimmed.length - 1) {
    throw new ModelError(
      'configuration',
      `${source} names the model "${spec}", which is not of the form provider:name`,
      {
        hint: 'write e.g. ollama:qwen2.5-coder:7b, openai:gpt-4o-mini, anthropic:claude-sonnet-4-5 or replay:samples.jsonl',
      },
    );
  }
  return { provider: trimmed.slice(0, colon), name: trimmed.slice(colon + 1) };
}
