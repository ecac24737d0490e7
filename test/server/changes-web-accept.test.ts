import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { health } from '../../src/server/schemas.js';
import { changeAcceptance, WRITING_OFF } from '../../web/src/change-acceptance.js';
import type { ServerHealth } from '../../web/src/types.js';

/**
 * The web UI's Accept on a `change` (web/src/components/change-result.tsx decides with changeAcceptance):
 * in-process, no browser. What the server allows comes from `GET /v1/health` (`apply_changes`, the team's
 * `[server] apply_changes`); a server that writes no change shows Accept disabled with the reason.
 */
const verified = { status: 'pass' as const, reasons: [] };
const unverified = { status: 'unverified' as const, reasons: ['no test reaches cart.py'] };
const failed = { status: 'fail' as const, reasons: ['a regression: test_total'] };

describe("the web UI's Accept on a change", () => {
  it('is disabled, saying what the administrator must set, when the server writes no change', () => {
    for (const verification of [verified, unverified]) {
      const acceptance = changeAcceptance({
        verification,
        proposalId: 'change-1',
        applyChanges: false,
        warning: verification === unverified ? 'This code was not verified.' : undefined,
      });
      expect(acceptance).toEqual({ offer: 'disabled', reason: WRITING_OFF });
    }
    // such a server keeps no change for an Accept: its answer has no proposal_id, and the page says why
    expect(
      changeAcceptance({ verification: verified, proposalId: null, applyChanges: false, warning: undefined }),
    ).toEqual({ offer: 'disabled', reason: WRITING_OFF });
    expect(WRITING_OFF).toContain('[server] apply_changes is off');
    expect(WRITING_OFF).toContain('apply_changes = true');
  });

  it('is offered when the server writes changes: primary when verified, "anyway" with the reason when not', () => {
    expect(
      changeAcceptance({
        verification: verified,
        proposalId: 'change-1',
        applyChanges: true,
        warning: undefined,
      }),
    ).toEqual({ offer: 'accept' });
    expect(
      changeAcceptance({
        verification: unverified,
        proposalId: 'change-1',
        applyChanges: true,
        warning: 'This code was not verified.',
      }),
    ).toEqual({ offer: 'accept', warning: 'This code was not verified.' });
  });

  it('waits for the server to say, and offers nothing on a blocked change or one with nothing to write', () => {
    expect(
      changeAcceptance({
        verification: verified,
        proposalId: 'change-1',
        applyChanges: undefined,
        warning: undefined,
      }),
    ).toEqual({ offer: 'waiting' });
    const blocked = changeAcceptance({
      verification: failed,
      proposalId: 'change-1',
      applyChanges: true,
      warning: undefined,
    });
    expect(blocked).toEqual({
      offer: 'nothing',
      note: 'Nothing to accept: the change was blocked (a regression: test_total). No file was written.',
    });
    expect(
      changeAcceptance({ verification: verified, proposalId: null, applyChanges: true, warning: undefined }),
    ).toEqual({ offer: 'nothing', note: 'Nothing to accept: there is no change to write.' });
  });

  it('reads apply_changes as the server sends it', () => {
    // a type error here when the server's health and the page's reading of it drift apart
    const sent: z.output<typeof health> = {
      status: 'ok',
      version: '1',
      tasks: ['change'],
      apply_changes: false,
    };
    const read: ServerHealth = sent;
    expect(read.apply_changes).toBe(false);
  });
});
