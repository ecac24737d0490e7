import { runTask } from '../../src/tasks/index.js';
import type { fakeModelsForFile } from './fake-model-host.js';

type FakeModels = Awaited<ReturnType<typeof fakeModelsForFile>>;

/**
 * The refactor task on one file (`file` or `file:symbol`) of the test's workspace, the scripted model
 * answering `answer` to every request: `refactor` runs the whole task as the command does (the gate and its
 * repair rounds, `answers` of them scripted); `compareOnly` runs the differential tester alone, with no
 * gate and no repair round, for tests whose claim is what the comparison finds ("not a pass" can then come
 * from the comparison alone).
 */
export function refactorRuns({
  models,
  workspace,
  answers = 2,
}: {
  models: Pick<FakeModels, 'fake' | 'host'>;
  /** the test's workspace, read at each run (made anew before each test) */
  workspace: () => string;
  answers?: number;
}) {
  const run = (target: string, answer: string, compare: boolean) => {
    models.fake.script(
      '/v1/chat/completions',
      ...Array.from({ length: compare ? 1 : answers }, () => ({ text: answer })),
    );
    const [file, symbol] = target.split(':') as [string, string | undefined];
    const host = models.host(workspace());
    return runTask({
      name: 'refactor',
      input: {
        file,
        goal: 'simpler',
        maxInputs: 300,
        seed: 1,
        ...(compare ? { repair: 0 } : {}),
        ...(symbol ? { symbol } : {}),
      },
      host: compare ? { ...host, checks: [] } : host,
    });
  };
  return {
    refactor: (target: string, answer: string) => run(target, answer, false),
    compareOnly: (target: string, answer: string) => run(target, answer, true),
  };
}
