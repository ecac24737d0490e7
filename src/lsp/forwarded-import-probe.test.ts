import { MessageChannel } from 'node:worker_threads';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import type { CheckSubject, ImportProbe } from '../core/check.js';
import { checkPythonImports, type PythonImportReport } from '../verify/checks/imports-python.js';
import { WarmImportProbe } from '../verify/checks/warm-import-probe.js';
import { sandboxAvailability } from '../verify/sandbox/index.js';
import {
  answerImportProbes,
  ForwardedImportProbe,
  type ImportProbeAnswer,
} from './forwarded-import-probe.js';

/**
 * The gate thread's imports check answered by the editor thread's warm probe: the two sides of
 * forwarded-import-probe.ts over a real MessageChannel (the gate worker and the server use the same two
 * pieces over the worker's port), the real imports check and the real sandboxed probe. The answers are
 * the cold probe's; without a warm probe on the other side the check runs cold and says why.
 */

const { available } = await sandboxAvailability();
const fixtures = new IndexFixtures();
const PROJECT = {
  'app.py': 'def handler():\n    pass\n',
  'pkg/__init__.py': '',
  'pkg/helpers.py': 'def helper():\n    return 1\n',
};
const cleanUp: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step();
});
afterAll(() => fixtures.cleanUp());

/** The gate side's imports checks in `root` forwarded to an editor side that answers from `probe`. */
const forwardedProbes = new Map<string, ForwardedImportProbe>();
function forwardTo(root: string, probe: ImportProbe | undefined): void {
  const { port1: gateSide, port2: editorSide } = new MessageChannel();
  const forwarded = new ForwardedImportProbe(root, (request) => gateSide.postMessage(request));
  gateSide.on('message', (answer: ImportProbeAnswer) => forwarded.answered(answer));
  editorSide.on(
    'message',
    answerImportProbes(
      (answer) => editorSide.postMessage(answer),
      () => probe,
    ),
  );
  forwardedProbes.set(root, forwarded);
  cleanUp.push(() => {
    forwardedProbes.delete(root);
    gateSide.close();
    editorSide.close();
  });
}

const check = (root: string, code: string): Promise<PythonImportReport> =>
  checkPythonImports({ code, language: 'python', path: 'app.py' } satisfies CheckSubject, {
    workspaceRoot: root,
    config: {},
    ...(forwardedProbes.has(root) ? { importProbe: forwardedProbes.get(root)! } : {}),
  });
const findings = (report: PythonImportReport) =>
  report.findings.map((finding) => `${finding.ruleId}: ${finding.message}`);

describe.skipIf(!available)("the gate's imports check through the editor's warm probe", () => {
  it('answers warm, as the cold probe does', async () => {
    const root = fixtures.project('vouch-forwarded-', PROJECT);
    const cold = fixtures.project('vouch-forwarded-cold-', PROJECT);
    const warm = new WarmImportProbe(root);
    cleanUp.push(() => warm.close());
    forwardTo(root, warm);
    for (const code of ['from pkg.helpers import helper\n', 'from pkg.helpers import helpr\nimport json\n']) {
      let report = await check(root, code);
      // the worker starts in the background: asked again until it answers
      for (let attempt = 0; attempt < 40 && report.details.probe !== 'warm'; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        report = await check(root, code);
      }
      expect(report.details.probe).toBe('warm');
      const reference = await check(cold, code);
      expect(reference.details.probe).toBe('cold');
      expect(findings(report)).toEqual(findings(reference));
    }
  }, 120_000);

  it('runs cold, saying why, when the editor side keeps no warm probe', async () => {
    const root = fixtures.project('vouch-forwarded-none-', PROJECT);
    forwardTo(root, undefined);
    const report = await check(root, 'from pkg.helpers import helpr\n');
    expect(report.details.probe).toBe('cold');
    expect(String(report.details.coldBecause)).toContain('keeps no warm imports check');
    expect(findings(report).join()).toContain('has no `helpr`');
  });
});
