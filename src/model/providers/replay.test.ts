import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import type { StreamPart } from '../types.js';
import { createReplayModel, readReplayFile } from './replay.js';

function replayFile(lines: string[]): string {
  const path = join(testFolder('vouch-replay-'), 'samples.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const user = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('replay', () => {
  it('answers in file order', async () => {
    const path = replayFile(['{"completion": "first"}', '', '{"completion": "second"}']);
    const model = createReplayModel(path, await readReplayFile(path));
    expect((await model.chat(user('a'))).choices[0]!.text).toBe('first');
    expect((await model.fim({ prefix: 'p', suffix: 's' })).choices[0]!.text).toBe('second');
    await expect(model.chat(user('c'))).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining('used up'),
    });
  });

  it('prefers the task id, then a matching prompt', async () => {
    const path = replayFile([
      '{"task_id": "HumanEval/1", "prompt": "one", "completion": "a1"}',
      '{"task_id": "HumanEval/2", "prompt": "two", "completion": "b1"}',
      '{"task_id": "HumanEval/2", "prompt": "two", "completion": "b2"}',
      '{"task_id": 3, "prompt": "three", "completion": "c1"}',
    ]);
    const model = createReplayModel(path, await readReplayFile(path));
    const two = await model.chat({ ...user('whatever'), n: 2, metadata: { taskId: 'HumanEval/2' } });
    expect(two.choices.map((choice) => choice.text)).toEqual(['b1', 'b2']);
    expect((await model.chat(user('  three\n'))).choices[0]!.text).toBe('c1');
    await expect(model.chat({ ...user('x'), metadata: { taskId: 'HumanEval/2' } })).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(model.chat({ ...user('x'), metadata: { taskId: 'HumanEval/9' } })).rejects.toMatchObject({
      kind: 'not-found',
    });
    expect((await model.chat(user('no match'))).choices[0]!.text).toBe('a1');
  });

  it('streams a completion as a delta and a finish', async () => {
    const path = replayFile(['{"completion": "streamed"}']);
    const model = createReplayModel(path, await readReplayFile(path));
    const parts: StreamPart[] = [];
    for await (const part of model.streamChat(user('x'))) parts.push(part);
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'finish']);
    expect(model.location).toBe('local');
    await expect(model.embed({ input: ['x'] })).rejects.toMatchObject({ kind: 'unsupported' });
  });

  it('names file and line for bad lines', async () => {
    const notJson = replayFile(['{"completion": "ok"}', '{"completion": ']);
    await expect(readReplayFile(notJson)).rejects.toMatchObject({
      kind: 'configuration',
      message: `${notJson}:2: not a JSON object`,
    });
    const noCompletion = replayFile(['{"completion": "ok"}', '{"completion": "ok"}', '{"prompt": "p"}']);
    await expect(readReplayFile(noCompletion)).rejects.toMatchObject({
      message: expect.stringMatching(/samples\.jsonl:3: completion: /),
    });
    await expect(readReplayFile('/nonexistent/samples.jsonl')).rejects.toMatchObject({
      kind: 'configuration',
      message: expect.stringContaining('ENOENT'),
    });
    await expect(readReplayFile(replayFile(['']))).rejects.toMatchObject({
      message: expect.stringContaining('no records'),
    });
  });
});
