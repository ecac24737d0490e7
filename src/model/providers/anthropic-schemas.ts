import { z } from 'zod';

/** Anthropic Messages API shapes (docs.anthropic.com/en/api/messages, /messages-streaming). */

const usageSchema = z.object({ input_tokens: z.number().optional(), output_tokens: z.number().optional() });

export const anthropicMessageSchema = z.object({
  model: z.string().optional(),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  stop_reason: z.string().nullable().optional(),
  usage: usageSchema.optional(),
});

export const anthropicErrorBodySchema = z.object({
  type: z.literal('error'),
  error: z.object({ type: z.string(), message: z.string().optional() }),
});

export const anthropicEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('message_start'),
    message: z.object({ model: z.string().optional(), usage: usageSchema.optional() }),
  }),
  z.object({
    type: z.literal('content_block_delta'),
    index: z.number().optional(),
    delta: z.object({ type: z.string(), text: z.string().optional() }),
  }),
  z.object({
    type: z.literal('message_delta'),
    delta: z.object({ stop_reason: z.string().nullable().optional() }),
    usage: usageSchema.optional(),
  }),
  z.object({ type: z.literal('message_stop') }),
  z.object({ type: z.literal('content_block_start') }).loose(),
  z.object({ type: z.literal('content_block_stop') }).loose(),
  z.object({ type: z.literal('ping') }),
  anthropicErrorBodySchema,
]);
