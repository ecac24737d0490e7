import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/vouch-server.js';

/**
 * r41 #8: bob's two `generate` on a model that answered in 25 s held both of the server's task slots, and
 * ana's request waited 35 s for one. A user now runs at most max_concurrent_tasks − 1 at once
 * (admission.ts), so another user's request starts while bob's wait on the model. Bob's model calls are
 * held by the loopback model until the test lets them go: nothing here waits on a clock.
 */

const CODE = 'def add(a, b):\n    return a + b\n';
const ANSWER = `\`\`\`python\n${CODE}\`\`\`\n`;

describe('each user a share of the task slots', () => {
  let server: TestServer;
  let releaseBob: () => void = () => {};
  const bobReleased = new Promise<void>((resolve) => {
    releaseBob = resolve;
  });
  beforeAll(async () => {
    server = await startTestServer({ settings: { maxConcurrentTasks: 2, maxQueuedTasks: 8 } });
    // the slow model: bob's prompts are answered only when the test says; everyone else's at once
    server.fake.handle('/v1/chat/completions', async (request) => {
      if (JSON.stringify(request.body).includes('slow spec of bob')) await bobReleased;
      return { text: ANSWER };
    });
  });
  afterAll(async () => {
    releaseBob();
    await server.close();
  });

  const generate = (token: string, spec: string) =>
    server.request('/v1/tasks/generate', {
      token,
      json: { spec, language: 'python', runChecks: false, useContext: false },
    });

  it("starts alice's request while bob's two wait on a slow model, and bob's both finish after", async () => {
    const bob = [
      generate(server.tokens.bob, 'slow spec of bob, one'),
      generate(server.tokens.bob, 'slow spec of bob, two'),
    ];
    // bob's first is at the model before alice asks (his second waits for his share)
    for (let attempt = 0; server.fake.requestsTo('/v1/chat/completions').length === 0; attempt++) {
      expect(attempt, "bob's first request never reached the model").toBeLessThan(2_000);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    let bobAnswered = false;
    const bobDone = Promise.all(bob).then((answers) => {
      bobAnswered = true;
      return answers;
    });
    // before the share, alice waited here until bob's model answered, which it never does on its own
    const alice = await Promise.race([
      generate(server.tokens.alice, 'add two numbers'),
      new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 60_000)),
    ]);
    expect(alice, "alice's request did not start while bob's waited on the model").not.toBe('timed out');
    expect((alice as Response).status).toBe(200);
    expect(bobAnswered).toBe(false);
    // bob had one running and one waiting, never both slots
    const prompts = server.fake
      .requestsTo('/v1/chat/completions')
      .map((request) => JSON.stringify(request.body));
    expect(prompts.filter((prompt) => prompt.includes('slow spec of bob'))).toHaveLength(1);
    releaseBob();
    const answers = await bobDone;
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
  }, 120_000);
});
