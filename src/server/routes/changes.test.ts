import { describe, expect, it } from 'vitest';
import type { TaskResultOf } from '../../tasks/index.js';
import { ChangeProposals } from './changes.js';

const delivered = {
  edits: [{ path: 'cart.py', baseHash: '' }],
  details: { after: { 'cart.py': 'TOTAL = 2\n' } },
} as unknown as TaskResultOf<'change'>;

describe('the changes the server keeps for an Accept', () => {
  it("one user asking for many evicts their own oldest, never another user's", () => {
    const proposals = new ChangeProposals();
    const theirs = proposals.add('ada', delivered)!;
    const mine = Array.from({ length: 25 }, () => proposals.add('bob', delivered)!);
    expect(proposals.find('ada', theirs)).toBeDefined();
    expect(mine.filter((id) => proposals.find('bob', id)).length).toBe(20);
    expect(proposals.find('bob', mine[0]!)).toBeUndefined();
    expect(proposals.find('bob', mine[24]!)).toBeDefined();
    // and only its owner finds it
    expect(proposals.find('bob', theirs)).toBeUndefined();
  });
});
