import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ModelError } from '../model-error.js';
import type {
  CallOptions,
  ChatRequest,
  Choice,
  FimRequest,
  GenerateResult,
  LanguageModel,
  StreamPart,
} from '../types.js';
import { NO_USAGE } from '../usage.js';
import { assertOneStream } from './adapter-options.js';

const recordSchema = z.object({
  task_id: z.union([z.string(), z.number()]).optional(),
  prompt: z.string().optional(),
  completion: z.string(),
});

export interface ReplayRecord {
  taskId: string | undefined;
  prompt: string | undefined;
  completion: string;
  /** 1-based line in the file, for messages */
  line: number;
}

function fileError(path: string, line: number, detail: string): ModelError {
  return new ModelError('configuration', `${path}:${line}: ${detail}`, {
    hint: 'each line of a replay file is one JSON object: {"task_id"?: string, "prompt"?: string, "completion": string}',
  });
}

/** Reads and validates a replay file; every bad line is an error naming `file:line`. */
export async function readReplayFile(path: string): Promise<ReplayRecord[]> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ModelError(
      'configuration',
      `cannot read the replay file ${absolute}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      {
        hint: 'replay:FILE must name an existing JSONL file (path relative to the current directory)',
        cause: error,
      },
    );
  }
  const records: ReplayRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw fileError(absolute, index + 1, 'not a JSON object');
    }
    const parsed = recordSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw fileError(
        absolute,
        index + 1,
        `${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'unexpected shape'}`,
      );
    }
    const { task_id, prompt, completion } = parsed.data;
    records.push({
      taskId: task_id === undefined ? undefined : String(task_id),
      prompt,
      completion,
      line: index + 1,
    });
  }
  if (records.length === 0) throw fileError(absolute, 1, 'the file has no records');
  return records;
}

/**
 * Answers from recorded completions. Which record answers a call (each record is used once):
 *   1. the call carries `metadata.taskId` → the next unused record with that `task_id`; if the file
 *      has task ids but none left for this one, the call fails (`not-found`) rather than guess;
 *   2. otherwise, the call's prompt (the last user message of a chat, the prefix of a FIM) equals a
 *      recorded `prompt` (both trimmed) → the next unused record with that prompt;
 *   3. otherwise the next unused record in file order.
 * When every record is used the call fails (`not-found`): a replay never invents an answer.
 */
export function createReplayModel(path: string, records: ReplayRecord[]): LanguageModel {
  const used = new Set<ReplayRecord>();
  const hasTaskIds = records.some((record) => record.taskId !== undefined);

  const take = (options: CallOptions, promptText: string): ReplayRecord => {
    const unused = records.filter((record) => !used.has(record));
    const taskId = options.metadata?.taskId;
    let record: ReplayRecord | undefined;
    if (taskId !== undefined && hasTaskIds) {
      record = unused.find((candidate) => candidate.taskId === taskId);
      if (!record) {
        throw new ModelError(
          'not-found',
          `the replay file ${path} has no unused completion for task ${taskId}`,
          {
            hint: 'record more samples for this task, or run fewer (--n) against this replay file',
          },
        );
      }
    }
    record ??= unused.find(
      (candidate) => candidate.prompt !== undefined && candidate.prompt.trim() === promptText.trim(),
    );
    record ??= unused[0];
    if (!record) {
      throw new ModelError(
        'not-found',
        `the replay file ${path} is used up (${records.length} completions)`,
        {
          hint: 'a replay answers each recorded completion once: record more, or start a new run',
        },
      );
    }
    used.add(record);
    return record;
  };

  const answer = (options: CallOptions, promptText: string): GenerateResult => {
    const choices: Choice[] = [];
    for (let index = 0; index < (options.n ?? 1); index++) {
      choices.push({ text: take(options, promptText).completion, finishReason: 'stop' });
    }
    return { choices, usage: NO_USAGE, model: path };
  };
  const lastUser = (request: ChatRequest) =>
    request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
  const aborted = (options: CallOptions) => {
    if (options.signal?.aborted) {
      throw new ModelError('aborted', 'the model request was cancelled', {
        hint: 'the caller aborted the request; nothing to fix',
      });
    }
  };

  return {
    provider: 'replay',
    modelId: path,
    id: `replay:${path}`,
    location: 'local',
    capabilities: { chat: true, stream: true, fim: true, embed: false, json: true },
    async chat(request) {
      aborted(request);
      return answer(request, lastUser(request));
    },
    async *streamChat(request): AsyncGenerator<StreamPart> {
      aborted(request);
      assertOneStream(request, `replay:${path}`);
      const result = answer(request, lastUser(request));
      yield { type: 'text-delta', delta: result.choices[0]!.text };
      yield { type: 'finish', finishReason: 'stop', usage: NO_USAGE, model: path };
    },
    async fim(request: FimRequest) {
      aborted(request);
      return answer(request, request.prefix);
    },
    async embed() {
      throw new ModelError('unsupported', 'a replay file holds completions, not embeddings', {
        hint: 'set [model] embed to a real embedding model (e.g. ollama:nomic-embed-text)',
      });
    },
  };
}
