import { z } from 'zod';
import { isLanguageId, LANGUAGE_IDS, type LanguageId, normalizeLanguage } from '../core/languages.js';

/**
 * Schema pieces every task's input shares. Inputs come from outside (CLI flags, HTTP bodies, LSP
 * params): each field says what it must be, so a bad one is refused with its path and what to do.
 */

/**
 * A language id or one of its aliases (`py`, `ts`), normalised to the id. Its JSON Schema lists the ids
 * as an `enum`, so a form offers them as choices; the aliases are a convenience of typed faces.
 */
export const languageField = z
  .string()
  .transform((value, context): LanguageId => {
    const language = normalizeLanguage(value);
    if (!language || !isLanguageId(language)) {
      context.addIssue({ code: 'custom', message: `unknown language '${value}'` });
      return z.NEVER;
    }
    return language;
  })
  .meta({
    title: 'Language',
    description: 'The language of the code (short names such as py and ts are accepted too).',
    enum: [...LANGUAGE_IDS],
  });

/** The model's sampling temperature, for every task that asks a model. */
export const temperatureField = z.number().min(0).max(2).optional().meta({
  title: 'Temperature',
  description: "How varied the answers are, 0–2: lower is more predictable. Default: the model's own.",
});

/** The longest answer the model may write, for every task that asks a model. */
export const maxTokensField = z.number().int().min(1).max(1_000_000).optional().meta({
  title: 'Longest answer (tokens)',
  description: "The most tokens the model may write. Default: the model's own limit.",
});

/** A path inside the workspace, written relative to it. */
export const workspacePath = z
  .string()
  .min(1)
  .refine((value) => !value.startsWith('/') && !value.split(/[\\/]/).includes('..'), {
    message: 'must be relative to the workspace and stay inside it',
  });

export const chatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

/** How many repair rounds a generating task may spend on failed checks (default 2). */
export const repairField = z.number().int().min(0).max(5);
