import { z } from 'zod';

/** Schemas for what OpenAI-compatible servers send back. Loose where servers differ (nulls, missing usage). */

export const openAiUsageSchema = z.object({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
});

export const chatCompletionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        message: z.object({ content: z.string().nullable().optional() }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: openAiUsageSchema.nullable().optional(),
});

export const streamErrorSchema = z.object({
  message: z.string().optional(),
  type: z.string().nullable().optional(),
  code: z.union([z.string(), z.number()]).nullable().optional(),
});

export const chatChunkSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        delta: z.object({ content: z.string().nullable().optional() }).nullable().optional(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
  usage: openAiUsageSchema.nullable().optional(),
  error: streamErrorSchema.optional(),
});

export const completionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        index: z.number().optional(),
        text: z.string(),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: openAiUsageSchema.nullable().optional(),
});

export const embeddingsSchema = z.object({
  model: z.string().optional(),
  data: z.array(z.object({ index: z.number().optional(), embedding: z.array(z.number()) })),
  usage: openAiUsageSchema.nullable().optional(),
});

/** `{error: {message, type, code}}` (OpenAI, llama.cpp) or vLLM's flat `{object: 'error', message, type, code}`. */
export const openAiErrorSchema = z.union([
  z.object({ error: streamErrorSchema }),
  z.object({ message: z.string(), type: z.string().nullable().optional(), code: z.unknown().optional() }),
]);

export type OpenAiUsage = z.infer<typeof openAiUsageSchema>;
