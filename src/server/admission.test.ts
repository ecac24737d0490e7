import { describe, expect, it } from 'vitest';
import { Admission } from './admission.js';
import { HttpError } from './http-error.js';

/** Which of `tickets` have started, after the microtasks that start them have run. */
async function started(tickets: { ready: Promise<void> }[]): Promise<boolean[]> {
  const flags = tickets.map(() => false);
  tickets.forEach((ticket, index) => {
    void ticket.ready.then(() => {
      flags[index] = true;
    });
  });
  await new Promise((resolve) => setImmediate(resolve));
  return flags;
}

describe('admission: each user a share', () => {
  it('keeps a slot from a user at their share, for another user', async () => {
    const admission = new Admission({ running: 2, queued: 8 });
    const bob = [admission.reserve({ user: 'bob' }), admission.reserve({ user: 'bob' })];
    const ana = admission.reserve({ user: 'ana' });
    expect(await started([...bob, ana])).toEqual([true, false, true]);
    expect(admission.counts).toEqual({ running: 2, queued: 1 });
    // bob's first ends: his second takes its slot
    bob[0]!.release();
    expect(await started([bob[1]!])).toEqual([true]);
  });

  it('gives a freed slot to the user running the fewest, the oldest first among them', async () => {
    const admission = new Admission({ running: 3, queued: 8, perUser: 3 });
    const bob = [1, 2, 3].map(() => admission.reserve({ user: 'bob' }));
    const waiting = [
      admission.reserve({ user: 'bob' }),
      admission.reserve({ user: 'carol' }),
      admission.reserve({ user: 'ana' }),
    ];
    expect(await started(waiting)).toEqual([false, false, false]);
    bob[0]!.release();
    // bob runs two, carol and ana none: carol asked first
    expect(await started(waiting)).toEqual([false, true, false]);
    bob[1]!.release();
    expect(await started(waiting)).toEqual([false, true, true]);
  });

  it('leaves a place in the queue for another user, and says whose share is full', () => {
    const admission = new Admission({ running: 1, queued: 3 });
    admission.reserve({ user: 'bob' });
    admission.reserve({ user: 'bob' });
    admission.reserve({ user: 'bob' });
    let refusal: unknown;
    try {
      admission.reserve({ user: 'bob' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(HttpError);
    expect((refusal as HttpError).status).toBe(429);
    expect((refusal as HttpError).message).toContain('your share');
    // ana still gets the last place; after it, the queue is full for everyone
    expect(() => admission.reserve({ user: 'ana' })).not.toThrow();
    expect(() => admission.reserve({ user: 'carol' })).toThrow(/its limit/);
  });
});
