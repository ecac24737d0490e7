import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../../test/support/index-fixtures.js';
import { scriptedModel } from '../../../test/support/scripted-model.js';
import type { CheckResult } from '../../core/check.js';
import { sandboxAvailability } from '../../verify/sandbox/index.js';
import { runTask, type TaskResult, TaskSession } from '../index.js';

/**
 * The imports check of `complete` in a long-lived face (a warm task session): the warm worker
 * answers as the cold probe does, never from a module edited since it imported it, never sees a secrets
 * file created after it started, and a crash in it costs only its answer (the cold probe's verdict).
 * Through the public task API, with the sandbox (skipped without one, as the sandbox suites are).
 */

const { available } = await sandboxAvailability();
const fixtures = new IndexFixtures();
/** per workspace: the warm session of the long-lived face completing in it */
const warm = new Map<string, TaskSession>();
afterEach(async () => {
  for (const session of warm.values()) await session.close();
  warm.clear();
});

/** A long-lived face starts completing in `root`: its warm session, kept until the test ends. */
async function keepWarm(root: string): Promise<void> {
  const session = new TaskSession(root, { warm: true });
  warm.set(root, session);
  await session.ready();
}
afterAll(() => fixtures.cleanUp());

const APP = 'def handler(items):\n    \n\n\ndef other():\n    return 1\n';
const PROJECT = {
  'app.py': APP,
  'pkg/__init__.py': '',
  'pkg/helpers.py': 'def helper():\n    return 1\n',
  'pkg/reader.py':
    "import os\nif os.path.exists(os.path.join(os.path.dirname(__file__), '.env')):\n    LEAKED = True\nVISIBLE = True\n",
  // kills the process that forked it: in the warm worker that is the worker; in a cold sandbox it is
  // the sandbox's init, which ignores it
  'pkg/crasher.py': 'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nVALUE = 1\n',
  'pkg/broken.py': 'import os\nos._exit(3)\n',
  // modules that take a second to import (a heavy package's first import): a buffer importing all three
  'pkg/slow_a.py': 'import time\ntime.sleep(1)\nA = 1\n',
  'pkg/slow_b.py': 'import time\ntime.sleep(1)\nB = 1\n',
  'pkg/slow_c.py': 'import time\ntime.sleep(1)\nC = 1\n',
  'heavy.py':
    'import pkg.slow_a\nimport pkg.slow_b\nimport pkg.slow_c\n\n\ndef handler(items):\n    \n\n\ndef other():\n    return 1\n',
};

/**
 * The completion adds `statement` at the top of the function body; returns the task's result. In
 * heavy.py (`inHeavy`), with a model that answers after 300 ms, as a local one does: the buffer's own
 * imports go to the warm worker to keep while the model works.
 */
async function completeAdding(root: string, statement: string, inHeavy = false): Promise<TaskResult> {
  const scripted = scriptedModel([`${statement}\n    return items\n\n\ndef after():\n    pass\n`]);
  const model = inHeavy
    ? {
        ...scripted,
        fim: async (request: Parameters<typeof scripted.fim>[0]) => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return scripted.fim(request);
        },
      }
    : scripted;
  return runTask({
    name: 'complete',
    input: inHeavy
      ? { file: 'heavy.py', line: 7, column: 5, cache: false }
      : { file: 'app.py', line: 2, column: 5, cache: false },
    host: {
      workspaceRoot: root,
      config: {},
      model: async () => model,
      ...(warm.has(root) ? { session: warm.get(root)! } : {}),
    },
  });
}

function importsOf(result: TaskResult): CheckResult {
  return result.verification.checks.find((check) => check.name === 'imports')!;
}

/** Asks until the warm worker answers (it starts and keeps modules in the background). */
async function warmAnswer(root: string, statement: string): Promise<TaskResult> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const result = await completeAdding(root, statement);
    if (importsOf(result).details?.probe === 'warm') return result;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the warm import probe never answered for ${statement}`);
}

const findings = (check: CheckResult) =>
  check.findings.map((finding) => `${finding.ruleId}: ${finding.message}`);

describe.skipIf(!available)('complete: the warm imports check', () => {
  let cold: string;
  beforeAll(() => {
    cold = fixtures.project('vouch-warm-cold-', PROJECT);
  });

  it('answers as the cold probe does, on passing and failing imports', async () => {
    const root = fixtures.project('vouch-warm-', PROJECT);
    await keepWarm(root);
    const statements = [
      'from pkg.helpers import helper',
      'from pkg.helpers import helpr',
      'import json',
      'from os import path',
      'from collections import OrderedDictt',
      'import json.nothere',
      'import nosuchpackage_vouch',
      'from pkg import helpers',
    ];
    for (const statement of statements) {
      const warm = await warmAnswer(root, statement);
      const reference = await completeAdding(cold, statement);
      expect(importsOf(reference).details?.probe).toBe('cold');
      expect([statement, importsOf(warm).status, findings(importsOf(warm))]).toEqual([
        statement,
        importsOf(reference).status,
        findings(importsOf(reference)),
      ]);
      expect(warm.verification.status).toBe(reference.verification.status);
    }
    // and a module the worker kept answers again without importing it cold
    const again = await completeAdding(root, 'from pkg.helpers import helper');
    expect(importsOf(again).details?.probe).toBe('warm');
  }, 120_000);

  it('never answers from a project module edited on disk since the worker imported it', async () => {
    const root = fixtures.project('vouch-warm-stale-', PROJECT);
    await keepWarm(root);
    expect(importsOf(await warmAnswer(root, 'from pkg.helpers import helper')).status).toBe('pass');
    // answered after the worker kept pkg.helpers (it keeps a check's modules before the next check runs)
    expect(importsOf(await warmAnswer(root, 'from pkg.helpers import helper')).status).toBe('pass');
    // edited in place (same size: `helper` → `hel_er`): the warm answer is void, the cold one stands
    writeFileSync(join(root, 'pkg/helpers.py'), 'def hel_er():\n    return 1\n');
    const edited = await completeAdding(root, 'from pkg.helpers import helper');
    expect(importsOf(edited).details?.probe).toBe('cold');
    expect(String(importsOf(edited).details?.coldBecause)).toContain('pkg/helpers.py changed');
    expect(importsOf(edited).status).toBe('fail');
    expect(findings(importsOf(edited)).join()).toContain('has no `helper`');
    expect(importsOf(await warmAnswer(root, 'from pkg.helpers import hel_er')).status).toBe('pass');
    expect(importsOf(await warmAnswer(root, 'from pkg.helpers import hel_er')).status).toBe('pass');
    // replaced by a rename, as editors save
    writeFileSync(join(root, 'pkg/helpers.py.tmp'), 'def helper():\n    return 2\n');
    renameSync(join(root, 'pkg/helpers.py.tmp'), join(root, 'pkg/helpers.py'));
    const renamed = await completeAdding(root, 'from pkg.helpers import helper');
    expect(importsOf(renamed).details?.probe).toBe('cold');
    expect(importsOf(renamed).status).toBe('pass');
    const gone = await completeAdding(root, 'from pkg.helpers import hel_er');
    expect(importsOf(gone).status).toBe('fail');
  }, 120_000);

  it('sees a module added after it started, and never a secrets file added after it started', async () => {
    const root = fixtures.project('vouch-warm-new-', PROJECT);
    await keepWarm(root);
    await warmAnswer(root, 'from pkg.helpers import helper');
    writeFileSync(join(root, 'pkg/added.py'), 'def fresh():\n    return 1\n');
    expect(importsOf(await completeAdding(root, 'from pkg.added import fresh')).status).toBe('pass');
    writeFileSync(join(root, 'pkg/.env'), 'TOKEN=not-for-the-sandbox\n');
    const visible = importsOf(await completeAdding(root, 'from pkg.reader import VISIBLE'));
    expect(visible.status).toBe('pass');
    const leaked = importsOf(await completeAdding(root, 'from pkg.reader import LEAKED'));
    expect(leaked.status).toBe('fail');
    expect(findings(leaked).join()).toContain('has no `LEAKED`');
  }, 120_000);

  it('sees a module added next to a hidden secrets file (a folder the sandbox binds entry by entry)', async () => {
    const root = fixtures.project('vouch-warm-pinned-', { ...PROJECT, '.env': 'TOKEN=hidden\n' });
    await keepWarm(root);
    await warmAnswer(root, 'from pkg.helpers import helper');
    writeFileSync(join(root, 'toplevel.py'), 'def made_later():\n    return 1\n');
    const added = await completeAdding(root, 'from toplevel import made_later');
    expect(importsOf(added).status).toBe('pass');
    expect(importsOf(await warmAnswer(root, 'from toplevel import made_later')).status).toBe('pass');
  }, 120_000);

  it("answers a completion's check after at most one of the buffer's modules is kept, not all of them", async () => {
    const root = fixtures.project('vouch-warm-heavy-', PROJECT);
    await keepWarm(root);
    await warmAnswer(root, 'from pkg.helpers import helper');
    // heavy.py's three imports (a second each) are kept one at a time while the model works; the
    // completion's check waits for the one being imported, then goes first
    const started = performance.now();
    const first = await completeAdding(root, 'from pkg.helpers import helper', true);
    const elapsed = performance.now() - started;
    expect(importsOf(first).details?.probe).toBe('warm');
    expect(importsOf(first).status).toBe('pass');
    expect(elapsed).toBeLessThan(2_300);
    // and all three were kept: a check importing the last one does not import it again
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const again = performance.now();
    const kept = await completeAdding(root, 'from pkg.slow_c import C');
    expect(importsOf(kept).details?.probe).toBe('warm');
    expect(importsOf(kept).status).toBe('pass');
    expect(performance.now() - again).toBeLessThan(900);
  }, 120_000);

  it('falls back to the cold probe when a check crashes the worker, and keeps working', async () => {
    const root = fixtures.project('vouch-warm-crash-', PROJECT);
    await keepWarm(root);
    await warmAnswer(root, 'from pkg.helpers import helper');
    // the warm child kills its worker: that answer is dropped and the cold probe's verdict stands
    const crashed = await completeAdding(root, 'from pkg.crasher import VALUE');
    const reference = await completeAdding(cold, 'from pkg.crasher import VALUE');
    expect(importsOf(crashed).details?.probe).toBe('cold');
    expect(String(importsOf(crashed).details?.coldBecause)).toContain('a check failed in the worker');
    expect([importsOf(crashed).status, findings(importsOf(crashed))]).toEqual([
      importsOf(reference).status,
      findings(importsOf(reference)),
    ]);
    // a module that cannot be imported anywhere: never a pass, warm or cold
    const broken = await completeAdding(root, 'from pkg.broken import anything');
    expect(importsOf(broken).status).toBe('error');
    expect(broken.verification.status).not.toBe('pass');
    // the worker was replaced and answers again
    expect(importsOf(await warmAnswer(root, 'from pkg.helpers import helper')).status).toBe('pass');
  }, 120_000);
});
