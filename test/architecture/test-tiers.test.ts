import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';
import {
  endToEndTests,
  isEndToEnd,
  OWN_PROCESS_FILES,
  sharedWorkerEndToEndTests,
  sharesWorker,
} from '../support/test-tiers.js';

/**
 * The unit tier stays in-process: its setup file (test/support/unit-tier-guard.ts) fails a test that
 * starts a child process, and a file that runs a real program is in the end-to-end tier.
 */
const STARTED = Symbol.for('vouch.unit-tier-guard.started');

interface Project {
  test?: { name?: string; setupFiles?: string[]; include?: string[]; exclude?: string[]; isolate?: boolean };
}
const projects = (config.test?.projects ?? []) as Project[];
const unit = projects.find((project) => project.test?.name === 'unit');
const endToEnd = projects.find((project) => project.test?.name === 'e2e');
const shared = projects.find((project) => project.test?.name === 'e2e-shared');

describe('the two test tiers', () => {
  it('the unit tier runs the guard before its tests', () => {
    expect(unit?.test?.setupFiles).toContain('test/support/unit-tier-guard.ts');
  });

  it("the guard records a child process a unit-tier test starts, through the ES module's named import", () => {
    // this file is in the unit tier, so the guard is loaded: it records the call before Node refuses the
    // name (a NUL byte), so no process starts here
    const started = (globalThis as Record<symbol, unknown>)[STARTED] as string[] | undefined;
    expect(started).toEqual([]);
    expect(() => execFileSync('no-such-program\0')).toThrow();
    expect(started!.splice(0)).toEqual(['execFileSync(no-such-program\0)']);
  });

  it('puts a file that says it runs a real program in the end-to-end tier, and the others in the unit tier', () => {
    expect(isEndToEnd('src/index/x.test.ts', "// end-to-end: runs git\nimport { it } from 'vitest';\n")).toBe(
      true,
    );
    expect(
      isEndToEnd('src/index/x.test.ts', "import { it } from 'vitest';\n// runs no end-to-end: test\n"),
    ).toBe(false);
    expect(isEndToEnd('test/cli/x.test.ts', '')).toBe(true);
    expect(endToEndTests()).toContain('src/security/scan.test.ts');
    expect(endToEndTests()).not.toContain('test/architecture/test-tiers.test.ts');
    expect(unit?.test?.exclude).toContain('src/security/scan.test.ts');
  });

  it('the end-to-end files share their worker, under a guard, bar those that change modules and the faces with servers of their own; each file runs in one project', () => {
    // the supports' paths spelled in pieces: written whole here, they would put this file in a tier of theirs
    const runMain = `import { runMain } from '../support/${'run-main'}.js';`;
    const runCli = `import { runCli } from '../support/${'run-cli'}.js';`;
    expect(sharesWorker('test/cli/x.test.ts', runMain)).toBe(true);
    // a file that starts the CLI (or pytest, or the sandbox) as a process and waits for it shares too
    expect(sharesWorker('test/cli/x.test.ts', runCli)).toBe(true);
    expect(
      sharesWorker('src/tasks/x.test.ts', "// end-to-end: runs pytest\nimport { it } from 'vitest';\n"),
    ).toBe(true);
    expect(sharesWorker('test/lsp/x.test.ts', runMain)).toBe(false);
    expect(sharesWorker('test/web/x.test.ts', runCli)).toBe(false);
    expect(sharesWorker('test/server/x.test.ts', runCli)).toBe(false);
    // a module replaced or forgotten stays in a shared worker's registry: such a file keeps its own
    for (const call of [
      "vi.mock('./a.js')",
      'vi.doMock("./a.js")',
      'vi.resetModules()',
      "vi.unmock('./a.js')",
    ])
      expect(sharesWorker('src/x.test.ts', `${runCli}\n  ${call};\n`)).toBe(false);
    // …but not one whose text only mentions a call (a fixture's source in a string)
    expect(
      sharesWorker('src/x.test.ts', `${runCli}\nconst code = "it('a', () => {});\\nvi.mock('./s')";\n`),
    ).toBe(true);
    const sharing = sharedWorkerEndToEndTests();
    expect(sharing).toContain('test/cli/explain.test.ts');
    expect(sharing).toContain('src/tasks/fix/fix-task.test.ts');
    expect(sharing).not.toContain('src/verify/sandbox/availability.test.ts');
    // each file kept out by name is an end-to-end file that exists, and says why
    for (const [file, why] of Object.entries(OWN_PROCESS_FILES)) {
      expect(endToEndTests()).toContain(file);
      expect(sharing).not.toContain(file);
      expect(why.length).toBeGreaterThan(20);
    }
    expect(shared?.test).toMatchObject({ isolate: false, include: sharing });
    expect(shared?.test?.setupFiles).toContain('test/support/shared-worker-guard.ts');
    expect(endToEnd?.test?.isolate).not.toBe(false);
    for (const file of sharing) {
      expect(endToEnd?.test?.exclude).toContain(file);
      expect(unit?.test?.exclude).toContain(file);
    }
  });
});
