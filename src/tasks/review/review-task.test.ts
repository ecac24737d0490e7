// end-to-end: diffs git repositories; the gate runs Bandit and the sandbox
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeModelsForFile } from '../../../test/support/fake-model-host.js';
import { resultIssues } from '../../../test/support/result-issues.js';
import { tempProject } from '../../../test/support/temp-project.js';
import { openWorkspaceIndex, refreshIndex } from '../../index/open-index.js';
import { runTask } from '../index.js';
import { MODEL_REVIEW, ORDERS_AFTER, ORDERS_BEFORE, ORDERS_TEST, USERS_PY } from './__fixtures__/shop.js';
import type { ReviewComment } from './comments.js';
import { parseUnifiedDiff } from './parse-diff.js';

const { fake, made, host } = await fakeModelsForFile();

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

/** The shop committed, indexed, and the change staged. */
async function shopWithStagedChange(): Promise<string> {
  const root = tempProject(
    'vouch-review-',
    {
      'app/__init__.py': '',
      'app/users.py': USERS_PY,
      'app/orders.py': ORDERS_BEFORE,
      'tests/test_orders.py': ORDERS_TEST,
    },
    made,
  );
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'shop');
  const store = openWorkspaceIndex(root);
  try {
    await refreshIndex({ root, store }, () => {});
  } finally {
    store.close();
  }
  writeFileSync(join(root, 'app/orders.py'), ORDERS_AFTER);
  git(root, 'add', 'app/orders.py');
  return root;
}

describe('review task', () => {
  it('finds the SQL injection and the hard-coded key on the changed lines, merges the model into them, ranks and cites', async () => {
    const root = await shopWithStagedChange();
    fake.reset();
    fake.script('/v1/chat/completions', { text: MODEL_REVIEW });
    const result = await runTask({ name: 'review', input: { staged: true }, host: host(root) });
    expect(resultIssues('review', result)).toEqual([]);
    const comments = (result.details as { comments: ReviewComment[] }).comments;
    const secret = comments.find((comment) => comment.ruleId === 'secret.stripe-key');
    expect(secret).toMatchObject({
      file: 'app/orders.py',
      line: 7,
      severity: 'critical',
      source: 'gate',
      cwe: 798,
    });
    const sql = comments.filter((comment) => /sql/i.test(`${comment.ruleId} ${comment.title}`));
    // the gate's finding and the model's remark on the same line are one comment, with the model's fix
    expect(sql).toHaveLength(1);
    expect(sql[0]).toMatchObject({
      file: 'app/orders.py',
      line: 18,
      severity: 'high',
      source: 'gate',
      ruleId: 'sql-injection',
      cwe: 89,
    });
    expect(sql[0]!.suggestion).toContain('WHERE customer = ?", (customer,)');
    expect(sql[0]!.alsoFrom).toEqual(['model']);
    // the codebase's own way, cited: users.py passes values as parameters
    expect(sql[0]!.pattern).toBe('app/users.py:13');
    expect(result.citations.map((citation) => citation.path)).toContain('app/users.py');
    // the model's own concern stays; its comment on an unchanged line does not
    expect(comments.find((comment) => comment.ruleId === 'review.bug')).toMatchObject({
      line: 16,
      severity: 'medium',
    });
    expect(comments.some((comment) => comment.line === 1)).toBe(false);
    expect(result.notes).toContain(
      '1 model comment(s) were about lines the change did not add, and were left out',
    );
    // ranked: critical first
    expect(comments[0]!.severity).toBe('critical');
    expect(result.verification.status).toBe('fail');
    expect(result.verification.checks.find((check) => check.name === 'security')?.status).toBe('fail');
    // the diff went to the model, the key in it did not
    const sent = JSON.stringify(fake.requestsTo('/v1/chat/completions')[0]!.body);
    expect(sent).toContain('orders_of_customer');
    expect(sent).not.toContain('sk_live_51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee');
    expect(sent).toContain('<<SECRET_1>>');
    expect((result.details as { testsTouching: { tests: string[] }[] }).testsTouching[0]!.tests).toEqual([
      'tests/test_orders.py',
    ]);
  }, 120_000);

  /**
   * The review of the shop's staged change with `app/tools.py` (`source`) staged too: the result, and its
   * comments on that file from the gate's hidden-call and injection rules.
   */
  async function reviewWithStagedTools(source: string) {
    const root = await shopWithStagedChange();
    writeFileSync(join(root, 'app/tools.py'), source);
    git(root, 'add', 'app/tools.py');
    fake.reset();
    fake.script('/v1/chat/completions', { text: MODEL_REVIEW });
    const result = await runTask({ name: 'review', input: { staged: true }, host: host(root) });
    const comments = (result.details as { comments: ReviewComment[] }).comments;
    const hidden = comments.filter(
      (comment) =>
        comment.file === 'app/tools.py' &&
        /^(?:hidden-dangerous-call|command-injection)$/.test(comment.ruleId ?? ''),
    );
    return { result, hidden };
  }

  it('sees dangerous calls hidden behind getattr and a keyword dictionary in the diff (issue 59: it said security pass)', async () => {
    const { result, hidden } = await reviewWithStagedTools(
      'import os\nimport subprocess\n\nfrom flask import request\n\n\ndef run_tool():\n    getattr(os, "sys" + "tem")(request.args["tool"])\n\n\ndef run_shell():\n    subprocess.run(request.args["cmd"], **{"shell": True})\n',
    );
    // the gate's findings of two rules on one line are two comments, never merged (review r39)
    expect(hidden.map((comment) => `${comment.line}:${comment.ruleId}:${comment.severity}`).sort()).toEqual([
      '12:command-injection:critical',
      '12:hidden-dangerous-call:high',
      '8:command-injection:critical',
      '8:hidden-dangerous-call:high',
    ]);
    expect(result.verification.checks.find((check) => check.name === 'security')?.status).toBe('fail');
  }, 120_000);

  it('sees the next hidden calls a hostile tester tries: vars() of a module and functools.partial (issue 59, round 5)', async () => {
    const { result, hidden } = await reviewWithStagedTools(
      'import os\nimport subprocess\nfrom functools import partial\n\nfrom flask import request\n\n\ndef run_tool():\n    vars(os)["sys" + "tem"](request.args["tool"])\n\n\ndef run_shell():\n    sh = partial(subprocess.run, shell=True)\n    sh(request.args["cmd"])\n',
    );
    expect(hidden.map((comment) => `${comment.line}:${comment.ruleId}`).sort()).toEqual([
      '14:command-injection',
      '9:command-injection',
      '9:hidden-dangerous-call',
    ]);
    expect(result.verification.checks.find((check) => check.name === 'security')?.status).toBe('fail');
  }, 120_000);

  it('a review cut short (Ctrl-C, SIGTERM) is not verified, whatever its checks found (review r39: it said fail)', async () => {
    const root = await shopWithStagedChange();
    const controller = new AbortController();
    controller.abort(Object.assign(new Error('cancelled by the user'), { name: 'AbortError' }));
    const result = await runTask({
      name: 'review',
      input: { staged: true, useModel: false },
      host: host(root),
      options: { signal: controller.signal },
    });
    expect(result.verification).toMatchObject({
      status: 'unverified',
      reasons: [expect.stringMatching(/^interrupted/)],
    });
  });

  it('finds an empty diff not verified; refuses a directory that is not a git repository, and text that is not a diff', async () => {
    const root = await shopWithStagedChange();
    git(root, 'commit', '-qm', 'change');
    // an empty diff checked nothing: no usage error, a review that is not verified (w154)
    const empty = await runTask({
      name: 'review',
      input: { staged: true, useModel: false },
      host: host(root),
    });
    expect(resultIssues('review', empty)).toEqual([]);
    expect(empty.verification).toMatchObject({
      status: 'unverified',
      reasons: [expect.stringMatching(/^nothing checked: the diff is empty/)],
    });
    const plain = tempProject('vouch-review-plain-', { 'a.py': 'x = 1\n' }, made);
    await expect(runTask({ name: 'review', input: { useModel: false }, host: host(plain) })).rejects.toThrow(
      /not a git repository/,
    );
    await expect(
      runTask({ name: 'review', input: { patch: 'hello\n', useModel: false }, host: host(plain) }),
    ).rejects.toThrow(/not a unified diff/);
    await expect(
      runTask({ name: 'review', input: { range: 'nope..HEAD', useModel: false }, host: host(root) }),
    ).rejects.toThrow(/git could not make the diff/);
    // a range a remote request sends never becomes one of git's options (`git show --output=…:path`)
    for (const range of ['--no-index..HEAD', 'HEAD..--output', 'HEAD...-p'])
      await expect(
        runTask({ name: 'review', input: { range, useModel: false }, host: host(root) }),
      ).rejects.toThrow(/is not a commit range/);
  });
});

describe('parseUnifiedDiff', () => {
  it('reads files, hunks and the new line numbers of added lines', () => {
    const files = parseUnifiedDiff(
      'diff --git a/x.py b/x.py\nindex 1..2 100644\n--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n+C\n c\n@@ -10,0 +11,1 @@\n+z\n',
    );
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ path: 'x.py', status: 'modified', addedLines: [2, 3, 11] });
  });
});
