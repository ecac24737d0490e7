import { z } from 'zod';

/** What Ollama's API sends back (docs/api.md); counts are absent when a prompt was cached. */
const counts = {
  model: z.string().optional(),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
};

export const ollamaChatSchema = z.object({
  ...counts,
  message: z.object({ content: z.string() }),
  done: z.boolean(),
});

export const ollamaChatChunkSchema = z.object({
  ...counts,
  message: z.object({ content: z.string() }).optional(),
  done: z.boolean().optional(),
  error: z.string().optional(),
});

export const ollamaGenerateSchema = z.object({ ...counts, response: z.string(), done: z.boolean() });

export const ollamaEmbedSchema = z.object({
  model: z.string().optional(),
  embeddings: z.array(z.array(z.number())),
  prompt_eval_count: z.number().optional(),
});

export const ollamaTagsSchema = z.object({
  models: z.array(z.object({ name: z.string(), model: z.string().optional() })),
});

export const ollamaErrorSchema = z.object({ error: z.string() });
