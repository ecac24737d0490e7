// end-to-end: mypy in the bubblewrap sandbox, with and without the standard library's cache
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import type { CheckSubject } from '../../core/check.js';
import { pythonProject } from '../__fixtures__/projects.js';
import { findPythonInterpreter } from '../runners/python-interpreter.js';
import { sandboxAvailability } from '../sandbox/availability.js';
import { runInSandbox } from '../sandbox/run-in-sandbox.js';
import {
  cacheFiles,
  candidateShadowsCache,
  forgetMypyCacheBuilds,
  mypyCacheBuildsSettled,
  mypyStdlibCache,
  mypyStdlibCacheRoot,
} from './mypy-stdlib-cache.js';
import { mypyFlags } from './python-tools.js';
import { typesCheck } from './types.js';

const available = (await sandboxAvailability()).available;

/** Programs whose diagnostics must not change with the cache: user code, stdlib types, clean. */
const PROGRAMS: CheckSubject[] = [
  { code: 'def label(x: int) -> str:\n    return x\n', language: 'python', path: 'app/label_err.py' },
  { code: 'import os\n\nprint(os.path.join(1))\n', language: 'python', path: 'app/join_err.py' },
  {
    code: 'import json\nfrom pathlib import Path\n\n\ndef load(p: Path) -> dict:\n    return json.loads(p.read_text())\n',
    language: 'python',
    path: 'app/clean.py',
  },
  {
    code: 'import re\nfrom typing import Optional\n\n\ndef first(s: str) -> int:\n    m: Optional[re.Match[str]] = re.match("a", s)\n    return m.group(0)\n',
    language: 'python',
    path: 'app/optional_err.py',
  },
];

describe.skipIf(!available || !existsSync('/usr/bin/mypy'))(
  "the types check's read-only cache of the standard library's stubs (skipped without mypy)",
  () => {
    let home: string;
    const root = pythonProject();
    const context = { workspaceRoot: root, config: {} };

    async function diagnostics(subject: CheckSubject, cached: boolean): Promise<unknown> {
      vi.stubEnv('VOUCH_MYPY_STDLIB_CACHE', cached ? '1' : '0');
      const result = await typesCheck.run(subject, context);
      return {
        status: result.status,
        reason: result.reason,
        findings: result.findings.map((f) => [f.ruleId, f.line, f.column, f.severity, f.message]),
      };
    }

    /**
     * Each program's diagnostics uncached (a whole mypy run over the standard library's stubs, the costly
     * run): what the cache must not change, whatever the cache home. Computed on first need and kept for
     * the file, so each test still stands alone (run in any order or by itself) and two tests comparing
     * against the same uncached run do not pay for it twice.
     */
    const uncachedRuns = new Map<CheckSubject, Promise<unknown>>();
    function uncached(subject: CheckSubject): Promise<unknown> {
      let run = uncachedRuns.get(subject);
      if (!run) {
        run = diagnostics(subject, false);
        uncachedRuns.set(subject, run);
      }
      return run;
    }

    /** The one key folder built under the test's cache home. */
    function keyFolder(): string {
      const rootDir = mypyStdlibCacheRoot();
      const names = readdirSync(rootDir).filter((name) => !name.startsWith('.'));
      expect(names).toHaveLength(1);
      return join(rootDir, names[0] as string);
    }

    function versionDir(folder: string): string {
      const version = readdirSync(folder).find((name) => /^\d+\.\d+$/.test(name));
      expect(version).toBeDefined();
      return join(folder, version as string);
    }

    beforeAll(async () => {
      // the built cache the tests that read one share, built here and not by the first test that needs
      // one: each test stands alone, run in any order or by itself (-t)
      home = mkdtempSync(join(tmpdir(), 'vouch-mypy-cache-'));
      vi.stubEnv('VOUCH_MYPY_STDLIB_CACHE_DIR', '');
      vi.stubEnv('XDG_CACHE_HOME', home);
      try {
        forgetMypyCacheBuilds();
        await diagnostics(PROGRAMS[1] as CheckSubject, true);
        await mypyCacheBuildsSettled();
      } finally {
        vi.unstubAllEnvs();
      }
    }, 240_000);
    beforeEach(() => {
      // the suite's shared folder (test/support/suite-caches.ts) is not this file's: each test names its own
      vi.stubEnv('VOUCH_MYPY_STDLIB_CACHE_DIR', '');
    });
    afterEach(() => {
      vi.unstubAllEnvs();
    });
    afterAll(() => {
      rmSync(home, { recursive: true, force: true });
    });

    it('is built once from the seed alone, and the second run reads it without writing to it', async () => {
      // a cache home of its own: the shared one is built before the tests
      vi.stubEnv('XDG_CACHE_HOME', testFolder('vouch-mypy-cache-built-'));
      forgetMypyCacheBuilds();
      const first = await diagnostics(PROGRAMS[1] as CheckSubject, true);
      // the first check did not wait for the build: it ran uncached, the build went on beside it
      await mypyCacheBuildsSettled();
      const folder = keyFolder();
      const stubs = versionDir(folder);
      expect(existsSync(join(stubs, 'builtins.meta.json'))).toBe(true);
      expect(existsSync(join(stubs, 'os', 'path.meta.json'))).toBe(true);
      // no project file went into it: only the standard library's modules and vouch's seed
      const files = cacheFiles(folder).sort();
      expect(files.filter((file) => /(^|\/)(app|tinycalc|label_err|join_err)[./]/.test(file))).toEqual([]);
      const before = files.map((file) => [file, statSync(join(folder, file)).mtimeMs]);
      // the second run: same diagnostics, the folder untouched (read-only), no second folder
      expect(await diagnostics(PROGRAMS[1] as CheckSubject, true)).toEqual(first);
      expect(keyFolder()).toBe(folder);
      expect(
        cacheFiles(folder)
          .sort()
          .map((file) => [file, statSync(join(folder, file)).mtimeMs]),
      ).toEqual(before);
      // mypy with the check's flags takes the standard library from it (its verbose log says so)
      const python = findPythonInterpreter(root);
      const verbose = await runInSandbox({
        command: [
          '/usr/bin/mypy',
          ...mypyFlags(python.path),
          '-v',
          `--cache-dir=${folder}`,
          join(root, 'app/util.py'),
        ],
        projectDir: root,
        cwd: root,
        readOnlyPaths: [folder],
        limits: { wallMs: 60_000, cpuMs: 60_000, memoryMb: 2048 },
      });
      expect(verbose.stderr).not.toMatch(/Metadata (?:not found|abandoned) for (?:builtins|typing|os)\b/);
      expect(verbose.stderr).toMatch(/\d+ fresh SCCs|queued fresh SCCs/);
      expect(verbose.exitCode).toBe(0);
    }, 240_000);

    it('gives the same diagnostics with and without the cache', async () => {
      vi.stubEnv('XDG_CACHE_HOME', home);
      const cached: unknown[] = [];
      for (const program of PROGRAMS) {
        cached.push(await diagnostics(program, true));
        expect(cached.at(-1)).toEqual(await uncached(program));
      }
      const [label, join] = cached as { findings: unknown[][] }[];
      expect(join?.findings[0]?.[0]).toBe('mypy-call-overload');
      expect(label?.findings[0]?.[0]).toBe('mypy-return-value');
    }, 240_000);

    it('a program in the sandbox cannot write into it', async () => {
      vi.stubEnv('XDG_CACHE_HOME', home);
      const folder = keyFolder();
      const meta = join(versionDir(folder), 'builtins.meta.json');
      const content = readFileSync(meta, 'utf8');
      const result = await runInSandbox({
        command: [
          '/usr/bin/python3',
          '-c',
          'import sys\nfor path, mode in ((sys.argv[1], "w"), (sys.argv[2], "x")):\n    try:\n        open(path, mode).write("{}")\n        print("wrote", path)\n    except OSError as error:\n        print("refused", error.errno)\n',
          meta,
          join(folder, 'planted.json'),
        ],
        readOnlyPaths: [folder],
      });
      expect(result.stdout).not.toMatch(/wrote/);
      expect(result.stdout.match(/refused 30/g)).toHaveLength(2); // EROFS
      expect(readFileSync(meta, 'utf8')).toBe(content);
      expect(existsSync(join(folder, 'planted.json'))).toBe(false);
    }, 60_000);

    it('a corrupted cache still gives the diagnostics of an uncached run', async () => {
      const corrupt = mkdtempSync(join(tmpdir(), 'vouch-mypy-corrupt-'));
      try {
        // a copy of the cache beforeAll built (its files' mtimes kept: mypy's meta records them), so the
        // shared one stays whole; the copy is then damaged
        cpSync(join(home, 'vouch'), join(corrupt, 'vouch'), { recursive: true, preserveTimestamps: true });
        vi.stubEnv('XDG_CACHE_HOME', corrupt);
        forgetMypyCacheBuilds();
        const stubs = versionDir(keyFolder());
        writeFileSync(join(stubs, 'builtins.meta.json'), '{"garbage": ');
        writeFileSync(join(stubs, 'os', 'path.meta.json'), '{"mtime": "not a number", "hash": 7}');
        writeFileSync(join(stubs, 'typing.meta.json'), JSON.stringify({ id: 'typing', version_id: '0.0' }));
        for (const program of PROGRAMS) {
          expect(await diagnostics(program, true)).toEqual(await uncached(program));
        }
        // no build was needed: the copy was read (damaged), not replaced by a new one
        await mypyCacheBuildsSettled();
        expect(readFileSync(join(stubs, 'builtins.meta.json'), 'utf8')).toBe('{"garbage": ');
      } finally {
        rmSync(corrupt, { recursive: true, force: true });
      }
    }, 240_000);

    it('virtualenvs over the same interpreter share one cache, built for that interpreter', async () => {
      const cacheHome = mkdtempSync(join(tmpdir(), 'vouch-mypy-venvs-'));
      const projects = mkdtempSync(join(tmpdir(), 'vouch-mypy-venv-projects-'));
      try {
        vi.stubEnv('XDG_CACHE_HOME', cacheHome);
        forgetMypyCacheBuilds();
        const found: unknown[] = [];
        for (const name of ['one', 'two']) {
          const project = join(projects, name);
          mkdirSync(project);
          execFileSync('/usr/bin/python3', ['-m', 'venv', '--without-pip', join(project, '.venv')]);
          const result = await typesCheck.run(PROGRAMS[0] as CheckSubject, {
            workspaceRoot: project,
            config: {},
          });
          found.push(result.findings.map((finding) => finding.ruleId));
          await mypyCacheBuildsSettled();
        }
        expect(found).toEqual([['mypy-return-value'], ['mypy-return-value']]);
        // one key folder: keyed on each project's virtualenv, the second project built a cache of its own
        expect(readdirSync(mypyStdlibCacheRoot()).filter((name) => !name.startsWith('.'))).toHaveLength(1);
      } finally {
        rmSync(cacheHome, { recursive: true, force: true });
        rmSync(projects, { recursive: true, force: true });
      }
    }, 240_000);

    it('a failed build is remembered and the check runs uncached', async () => {
      const failing = mkdtempSync(join(tmpdir(), 'vouch-mypy-failing-'));
      try {
        vi.stubEnv('XDG_CACHE_HOME', failing);
        forgetMypyCacheBuilds();
        // not a mypy: its "build" exits non-zero, so there is no cache, and no folder is left behind
        const request = { executable: '/bin/false', flags: [], readOnlyPaths: [] };
        expect(await mypyStdlibCache(request)).toBeUndefined();
        expect(await mypyStdlibCache(request)).toBeUndefined();
        expect(existsSync(mypyStdlibCacheRoot()) ? readdirSync(mypyStdlibCacheRoot()) : []).toEqual([]);
      } finally {
        rmSync(failing, { recursive: true, force: true });
      }
    }, 60_000);

    it('a candidate whose path names a cached module is not checked against the cache', () => {
      vi.stubEnv('XDG_CACHE_HOME', home);
      const folder = keyFolder();
      expect(candidateShadowsCache(folder, 'json.py')).toBe(true);
      expect(candidateShadowsCache(folder, 'os/extra.py')).toBe(true);
      expect(candidateShadowsCache(folder, 'lib/typing.py')).toBe(true);
      expect(candidateShadowsCache(folder, 'app/label_err.py')).toBe(false);
    });
  },
);
