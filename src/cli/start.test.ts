import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.js';
import { writeFiles } from '../../test/support/temp-project.js';

// Through the built CLI: `vouch context` from the bundle (scripts/bundle-context.mjs) against main.js unbundled.
const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist', 'cli');
const BUNDLE = join(DIST, 'context-bundle.cjs');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `vouch ARGS` through dist/cli/main.js itself, never the bundle. */
function unbundled(
  args: string[],
  cwd: string,
  input?: string,
): { code: number | null; stdout: string; stderr: string } {
  const script = `import(${JSON.stringify(join(DIST, 'main.js'))}).then(({ main }) => main(['node', 'vouch', ...process.argv.slice(1)]))`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, '--', ...args], {
    cwd,
    encoding: 'utf8',
    input,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('vouch context from its bundle', () => {
  it('answers as main.js does, and leaves nothing in the install’s folder', async () => {
    // A compile by the test setup (tsc alone) leaves the bundle older than main.js: made again here.
    if (!existsSync(BUNDLE) || statSync(BUNDLE).mtimeMs < statSync(join(DIST, 'main.js')).mtimeMs)
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle-context.mjs')], { cwd: ROOT });
    const before = readdirSync(DIST).sort();
    const root = mkdtempSync(join(tmpdir(), 'vouch-bundle-'));
    made.push(root);
    writeFiles(root, {
      'src/users.py': 'def user_name(user_id):\n    return f"user-{user_id}"\n',
      'src/app.py':
        'from .users import user_name\n\n\ndef greet(user_id):\n    return "hi " + user_name(user_id)\n',
    });
    expect((await runCli(['index', '--json'], { cwd: root })).code).toBe(0);
    const asked = ['context', 'src/app.py:5', '--json', '--budget', '1000'];
    const first = await runCli(asked, { cwd: root });
    expect(first.code).toBe(0);
    const cached = await runCli(asked, { cwd: root });
    expect(readdirSync(DIST).sort()).toEqual(before);
    const plain = unbundled(asked, root);
    expect(plain.code).toBe(0);
    expect(cached.stdout).toBe(plain.stdout);
    expect(first.stdout).toBe(plain.stdout);
    expect(
      JSON.parse(cached.stdout).snippets.some((s: { source: string }) => s.source.includes('def user_name')),
    ).toBe(true);
    // Errors and their exit codes are main.js's too.
    for (const wrong of [
      ['context', 'src/nothing.py:1'],
      ['context', 'src/app.py:x'],
      ['context', 'src/app.py:2', '--budget', '9'],
    ]) {
      const bundled = await runCli(wrong, { cwd: root });
      const expected = unbundled(wrong, root);
      expect(bundled.code).toBe(2);
      expect([bundled.code, bundled.stdout, bundled.stderr]).toEqual([
        expected.code,
        expected.stdout,
        expected.stderr,
      ]);
    }
  });
});

/** Makes the bundles again when the test setup's compile (tsc alone) left them older than main.js. */
function bundlesCurrent(): void {
  const main = statSync(join(DIST, 'main.js')).mtimeMs;
  if (
    ['context-bundle.cjs', 'scan-bundle.cjs'].some(
      (file) => (statSync(join(DIST, file), { throwIfNoEntry: false })?.mtimeMs ?? 0) < main,
    )
  )
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle-context.mjs')], { cwd: ROOT });
}

/** A scan's output without its timing, which differs between any two runs. */
const untimed = (text: string) =>
  text.replace(/"durationMs": \d+/g, '"durationMs": 0').replace(/ scanned in [\d.]+s/g, ' scanned in 0s');

describe('vouch scan from its bundle', () => {
  it('starts from dist/cli/scan-bundle.cjs and answers as main.js does, errors and exit codes included', () => {
    bundlesCurrent();
    const before = readdirSync(DIST).sort();
    const root = mkdtempSync(join(tmpdir(), 'vouch-scan-bundle-'));
    made.push(root);
    writeFiles(root, {
      'app.py':
        'import os\nimport subprocess\nfrom flask import request\n\n\ndef run():\n    os.system(request.args["cmd"])\n    subprocess.run(request.args["c"], shell=True)\n',
      'keys.py': 'AWS_KEY = "AKIAIOSFODNN7EXAMPLE"\n',
      'web/page.js': 'const el = document.getElementById("x");\nel.innerHTML = location.hash;\n',
      'clean.py': 'def add(a, b):\n    return a + b\n',
    });
    const bin = join(ROOT, 'bin', 'vouch.js');
    const bundled = (args: string[], input?: string) => {
      // NODE_DEBUG=module names the parent of each require: the bundle's, when the scan ran from it
      const run = spawnSync(process.execPath, [bin, ...args], {
        cwd: root,
        encoding: 'utf8',
        input,
        env: { ...process.env, NODE_DEBUG: 'module' },
      });
      const lines = run.stderr.split('\n');
      const fromBundle = lines.some(
        (line) => line.startsWith('MODULE ') && line.includes('parent: ' + join(DIST, 'scan-bundle.cjs')),
      );
      const stderr = lines.filter((line) => !line.startsWith('MODULE ')).join('\n');
      return { code: run.status, stdout: run.stdout, stderr, fromBundle };
    };
    const cases: [string[], string?][] = [
      [['scan', '.', '--no-external', '--no-cache', '--json']],
      [['scan', '.', '--no-external', '--no-cache', '--format', 'sarif']],
      [['scan', 'app.py', 'clean.py', '--no-external', '--no-cache']],
      [['scan', 'clean.py', '--no-external', '--no-cache', '--json']],
      [
        ['scan', '-', '--lang', 'python', '--no-external', '--json'],
        'import pickle\npickle.loads(input())\n',
      ],
      [['scan', '.', '--format', 'xml', '--json']],
      [['scan', 'nothing.py', '--json']],
      [['scan', '-', '--json']],
    ];
    const codes: (number | null)[] = [];
    for (const [args, input] of cases) {
      const ran = bundled(args, input);
      const expected = unbundled(args, root, input);
      expect(ran.fromBundle, args.join(' ')).toBe(true);
      expect([ran.code, untimed(ran.stdout), ran.stderr], args.join(' ')).toEqual([
        expected.code,
        untimed(expected.stdout),
        expected.stderr,
      ]);
      codes.push(ran.code);
    }
    // findings fail the scan (1), a clean file passes (0), bad input is a usage error (2)
    expect(codes).toEqual([1, 1, 1, 0, 1, 2, 2, 2]);
    expect(readdirSync(DIST).sort()).toEqual(before);
  });
});

describe('vouch scan’s code cache', () => {
  it('is made from the bundle by a scan and taken by V8 when the bundle starts as startScan starts it', () => {
    bundlesCurrent();
    const root = mkdtempSync(join(tmpdir(), 'vouch-scan-cache-'));
    made.push(root);
    writeFiles(root, {
      'app.py': 'import os\nfrom flask import request\n\n\ndef run():\n    os.system(request.args["cmd"])\n',
      'web/page.js': 'const el = document.getElementById("x");\nel.innerHTML = location.hash;\n',
    });
    // made beside the test's files, not in dist/ (the other tests list that folder)
    const cache = join(root, 'scan-bundle.cache');
    const start = JSON.stringify(join(DIST, 'start.cjs'));
    const argv = JSON.stringify(['node', 'vouch', 'scan', '.', '--no-external', '--no-cache', '--json']);
    const build = spawnSync(
      process.execPath,
      [
        '-e',
        `require(${start}).buildScanCodeCache(${argv}, { cache: ${JSON.stringify(cache)} }).then((bytes) => process.stderr.write('cache ' + bytes + ' bytes'))`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(build.status, build.stderr).toBe(0);
    // it ran the scan (findings: exit code 1, reset by the build) and kept what the scan compiled
    expect(JSON.parse(build.stdout).findings.length).toBeGreaterThan(0);
    expect(Number(/cache (\d+) bytes/.exec(build.stderr)?.[1])).toBeGreaterThan(200_000);
    const rejected = (load: string) =>
      spawnSync(
        process.execPath,
        [
          '-e',
          `const start = require(${start}); process.stdout.write(String(${load}.script.cachedDataRejected))`,
        ],
        { encoding: 'utf8' },
      ).stdout;
    expect(rejected(`start.loadScanBundle(${JSON.stringify(cache)})`)).toBe('false');
    // V8 takes it only under the flags it was made with: compiled before a scan's are set, it is refused
    expect(
      rejected(
        `start.fromBundle(${JSON.stringify(join(DIST, 'scan-bundle.cjs'))}, { codeCache: ${JSON.stringify(cache)} })`,
      ),
    ).toBe('true');
  });
});

describe('what a one-file `vouch scan` loads and compiles', () => {
  /** A small Flask module (three views), written for this test. */
  const VIEWS = [0, 1, 2]
    .map(
      (part) =>
        `\n@app.route("/files/${part}")\ndef read_file_${part}():\n    name = request.args.get("name", "")\n    folder = os.path.join(BASE, "part${part}")\n    if name.startswith("."):\n        return "no", 400\n    with open(os.path.join(folder, name), "rb") as handle:\n        return handle.read()\n`,
    )
    .join('');
  const APP = `import os\nfrom flask import Flask, request\n\napp = Flask(__name__)\nBASE = "/srv/files"\n${VIEWS}`;

  /** A workspace with app.py and no vouch.toml, and a user config folder of its own (empty). */
  function workspace(): { root: string; env: NodeJS.ProcessEnv } {
    const root = mkdtempSync(join(tmpdir(), 'vouch-scan-start-'));
    made.push(root);
    writeFiles(root, { 'app.py': APP, 'config/.keep': '' });
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(root, 'config') };
    delete env.VOUCH_CONFIG;
    return { root, env };
  }

  it('requires no package from node_modules (TOML, .gitignore and regex parsers load when used; tree-sitter’s JavaScript is compiled from its file with a code cache)', () => {
    bundlesCurrent();
    const { root, env } = workspace();
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'bin', 'vouch.js'), 'scan', 'app.py', '--no-external', '--no-cache', '--json'],
      { cwd: root, encoding: 'utf8', env: { ...env, NODE_DEBUG: 'module' } },
    );
    // the scan ran and found the path traversal: the packages below are all it needed
    expect(run.status, run.stderr).toBe(1);
    expect(
      JSON.parse(run.stdout).findings.some((f: { ruleId: string }) => f.ruleId === 'path-traversal'),
    ).toBe(true);
    const packages = new Set(
      [...run.stderr.matchAll(/^MODULE \d+: load "[^"]*\/node_modules\/((?:@[^/"]+\/)?[^/"]+)\//gm)].map(
        (match) => match[1],
      ),
    );
    expect([...packages].sort()).toEqual([]);
  });

  it('loads neither node:child_process nor node:fs/promises (each loaded where it is used: commander’s subcommands, git, Bandit)', () => {
    bundlesCurrent();
    const { root, env } = workspace();
    const loaded = join(root, 'loaded.json');
    const preload = join(root, 'loaded.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const run = spawnSync(
      process.execPath,
      [
        '-r',
        preload,
        join(ROOT, 'bin', 'vouch.js'),
        'scan',
        'app.py',
        '--no-external',
        '--no-cache',
        '--json',
      ],
      { cwd: root, encoding: 'utf8', env },
    );
    expect(run.status, run.stderr).toBe(1);
    const modules = JSON.parse(readFileSync(loaded, 'utf8')) as string[];
    // written at the scan's end: start.cjs's worker_threads is in it
    expect(modules).toContain('NativeModule internal/worker');
    expect(modules.filter((name) => /^NativeModule (child_process|fs\/promises|dgram)$/.test(name))).toEqual(
      [],
    );
  });

  it('compiles web-tree-sitter with the build’s code cache under a scan’s V8 flags, and without it under others', () => {
    bundlesCurrent();
    expect(existsSync(join(ROOT, 'dist', 'syntax', 'web-tree-sitter.cache'))).toBe(true);
    /** what V8 did with the cache when a fresh process parsed a line of Python (under a scan's flags when `tierUp`) */
    const codeCache = (tierUp: boolean) =>
      spawnSync(
        process.execPath,
        [
          '-e',
          [
            tierUp ? `require(${JSON.stringify(join(DIST, 'start.cjs'))}).scanTierUp();` : '',
            `const url = require('node:url');`,
            `const syntax = ${JSON.stringify(join(ROOT, 'dist', 'syntax'))};`,
            `import(url.pathToFileURL(syntax + '/parser.js')).then(async ({ parse }) => {`,
            `  (await parse('python', 'import os\\nos.system(x)\\n')).delete();`,
            `  const { webTreeSitterCodeCache } = await import(url.pathToFileURL(syntax + '/web-tree-sitter-script.js'));`,
            `  process.stdout.write(String(webTreeSitterCodeCache()));`,
            `});`,
          ].join('\n'),
        ],
        { encoding: 'utf8' },
      );
    const scan = codeCache(true);
    expect(scan.stdout, scan.stderr).toBe('accepted');
    // V8 takes a cache only under the flags it was made with: elsewhere (the server) it compiles as before
    expect(codeCache(false).stdout).toBe('rejected');
  });

  it('starts from bundles written in ASCII alone (one other character makes V8 hold the whole text in two bytes a character)', () => {
    bundlesCurrent();
    for (const bundle of ['cli/scan-bundle.cjs', 'security/scan-worker-bundle.cjs']) {
      const text = readFileSync(join(ROOT, 'dist', bundle), 'latin1');
      expect(text.length, bundle).toBeGreaterThan(100_000);
      expect(text.match(/[^\0-\x7f]/g) ?? [], bundle).toEqual([]);
    }
  });

  it('holds the event loop open while it waits for tree-sitter’s WebAssembly, output to files', () => {
    bundlesCurrent();
    const { root, env } = workspace();
    // a preload that notes, as the scan starts each WebAssembly compile it then awaits, what holds Node's
    // event loop open; stdout and stderr are files (a pipe would hold the loop itself)
    const preload = join(root, 'note-loop.cjs');
    const notes = join(root, 'notes.txt');
    writeFiles(root, {
      'note-loop.cjs': [
        `const { appendFileSync } = require('node:fs');`,
        `const instantiate = WebAssembly.instantiate;`,
        `WebAssembly.instantiate = function (...args) {`,
        `  appendFileSync(${JSON.stringify(notes)}, JSON.stringify(process.getActiveResourcesInfo()) + '\\n');`,
        `  return instantiate.apply(this, args);`,
        `};`,
      ].join('\n'),
    });
    const out = openSync(join(root, 'out.json'), 'w');
    const err = openSync(join(root, 'err.txt'), 'w');
    let run: ReturnType<typeof spawnSync>;
    try {
      run = spawnSync(
        process.execPath,
        [
          '--require',
          preload,
          join(ROOT, 'bin', 'vouch.js'),
          'scan',
          'app.py',
          '--no-external',
          '--no-cache',
          '--json',
        ],
        { cwd: root, env, stdio: ['ignore', out, err] },
      );
    } finally {
      closeSync(out);
      closeSync(err);
    }
    expect(run.status, readFileSync(join(root, 'err.txt'), 'utf8')).toBe(1);
    expect(readFileSync(join(root, 'out.json'), 'utf8')).toContain('"path-traversal"');
    // tree-sitter's runtime and the Python grammar: with an empty loop Node would wait at each for every
    // task V8 runs in the background, and run the scan on from that wait
    const held = readFileSync(notes, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);
    expect(held.length).toBeGreaterThanOrEqual(2);
    for (const resources of held) expect(resources).toContain('Timeout');
  });

  it('reads the cores’ idle time before it compiles its bundle: the pool’s decision measures the machine from there', () => {
    bundlesCurrent();
    const { root, env } = workspace();
    // a preload that notes when the first script is compiled (the scan bundle) and, at exit, the reading
    // core/cpu-reading.ts keeps for the pool
    const preload = join(root, 'note-reading.cjs');
    writeFiles(root, {
      'note-reading.cjs': [
        `const vm = require('node:vm');`,
        `const Script = vm.Script;`,
        `let compiledAt;`,
        `vm.Script = class extends Script {`,
        `  constructor(...args) { compiledAt ??= performance.now(); super(...args); }`,
        `};`,
        `process.on('exit', () => {`,
        `  const reading = globalThis[Symbol.for('vouch.cpuReadingAtStart')];`,
        `  process.stderr.write('\\nREADING ' + JSON.stringify({ reading, compiledAt }) + '\\n');`,
        `});`,
      ].join('\n'),
    });
    const run = spawnSync(
      process.execPath,
      [
        '--require',
        preload,
        join(ROOT, 'bin', 'vouch.js'),
        'scan',
        'app.py',
        '--no-external',
        '--no-cache',
        '--json',
      ],
      { cwd: root, env, encoding: 'utf8' },
    );
    expect(run.status, run.stderr).toBe(1);
    const line = run.stderr.split('\n').find((text) => text.startsWith('READING '));
    const { reading, compiledAt } = JSON.parse(line!.slice('READING '.length)) as {
      reading?: { at: number; idleMs: number; ownMs: number; counted: number };
      compiledAt: number;
    };
    expect(reading, 'no reading taken at the start').toBeDefined();
    expect(reading!.counted).toBeGreaterThan(0);
    expect(reading!.at).toBeLessThan(compiledAt);
  });

  it('leaves tree-sitter’s WASM to its baseline compiler: the optimising one is for large scans', () => {
    bundlesCurrent();
    const { root, env } = workspace();
    // --perf-basic-prof: V8 writes a line per compiled function to /tmp/perf-<pid>.map, its tier in the name
    // (the flag also makes V8 refuse the bundle's code cache: compiled here as without one)
    const run = spawnSync(
      process.execPath,
      [
        '--perf-basic-prof',
        join(ROOT, 'bin', 'vouch.js'),
        'scan',
        'app.py',
        '--no-external',
        '--no-cache',
        '--json',
      ],
      { cwd: root, encoding: 'utf8', env },
    );
    const map = `/tmp/perf-${run.pid}.map`;
    made.push(map);
    expect(run.status, run.stderr).toBe(1);
    const lines = readFileSync(map, 'utf8').split('\n');
    /** the WASM functions compiled by `tier` (a function may be listed more than once) */
    const compiled = (tier: string) =>
      new Set(
        lines
          .map((line) => /wasm-function\[(\d+)\]-\d+-(\w+)$/.exec(line))
          .filter((match) => match?.[2] === tier)
          .map((match) => match![1]),
      );
    // the map does list tree-sitter's functions (else the count below would say nothing)
    expect(compiled('liftoff').size).toBeGreaterThan(50);
    // at V8's default tiering budget this scan sent 12 of them to TurboFan, whose compiles the process
    // then waited for before it could exit
    expect(compiled('turbofan').size).toBeLessThanOrEqual(3);
  });
});

describe('tree-sitter’s WASM in a small `vouch scan`', () => {
  /** a workspace with one Python file of 300 Flask views (≈ 41 KB: far under SCAN_WASM_TIER_UP_FROM) */
  function views(): { root: string; env: NodeJS.ProcessEnv } {
    const root = mkdtempSync(join(tmpdir(), 'vouch-scan-tier-up-'));
    made.push(root);
    const view = (index: number) =>
      `@app.route('/v${index}')\ndef view${index}():\n    name = request.args.get('name', '')\n    return render_template('page.html', name=name, count=${index})\n`;
    writeFiles(root, {
      'app.py': `from flask import Flask, request, render_template\n\napp = Flask(__name__)\n\n\n${Array.from({ length: 300 }, (_, index) => view(index)).join('\n\n')}`,
      'config/.keep': '',
    });
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(root, 'config') };
    delete env.VOUCH_CONFIG;
    return { root, env };
  }
  const SCAN = ['scan', 'app.py', '--no-external', '--no-cache', '--json'];

  it('is never sent to the optimising compiler (SCAN_WASM_TIER_UP_FROM)', () => {
    bundlesCurrent();
    const { root, env } = views();
    const run = spawnSync(process.execPath, ['--perf-basic-prof', join(ROOT, 'bin', 'vouch.js'), ...SCAN], {
      cwd: root,
      encoding: 'utf8',
      env,
    });
    const map = `/tmp/perf-${run.pid}.map`;
    made.push(map);
    expect([0, 1], run.stderr).toContain(run.status);
    const tiers = readFileSync(map, 'utf8')
      .split('\n')
      .map((line) => /wasm-function\[(\d+)\]-\d+-(\w+)$/.exec(line)?.[2])
      .filter((tier) => tier !== undefined);
    // tree-sitter's functions are listed (else the count below would say nothing)
    expect(tiers.filter((tier) => tier === 'liftoff').length).toBeGreaterThan(50);
    // before SCAN_WASM_TIER_UP_FROM: 21 of them optimised by TurboFan in this scan
    expect(tiers.filter((tier) => tier === 'turbofan')).toEqual([]);
  });

  it('leaves the bundle’s and web-tree-sitter’s code caches taken (the filter is set after both are compiled)', () => {
    bundlesCurrent();
    const { root, env } = views();
    const preload = join(root, 'verdicts.cjs');
    writeFileSync(
      preload,
      `const vm = require('node:vm');
const Script = vm.Script;
vm.Script = function (code, options) {
  const script = new Script(code, options);
  if (options && options.cachedData) process.stderr.write('cache ' + require('node:path').basename(String(options.filename)) + ' ' + (script.cachedDataRejected ? 'rejected' : 'taken') + '\\n');
  return script;
};
vm.Script.prototype = Script.prototype;
`,
    );
    const run = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'bin', 'vouch.js'), ...SCAN], {
      cwd: root,
      encoding: 'utf8',
      env,
    });
    expect([0, 1], run.stderr).toContain(run.status);
    expect(
      run.stderr
        .split('\n')
        .filter((line) => line.startsWith('cache '))
        .sort(),
    ).toEqual(['cache scan-bundle.cjs taken', 'cache tree-sitter.js taken']);
  });
});

describe('a scan-pool worker', () => {
  const SECURITY = join(ROOT, 'dist', 'security');
  /** scanInParallel from dist/ on two workers in a fresh process (under a scan's V8 flags when `tierUp`): what each worker said of its start, and the findings' files and rules */
  function pooled(tierUp: boolean): { loads: unknown[]; findings: string[]; inProcess: string[] } {
    const inputs = Array.from({ length: 40 }, (_, index) => ({
      path: `f${index}.py`,
      source: `import os\nfrom flask import request\n\n\ndef run${index}():\n    os.system(request.args["cmd"])\n`,
      language: 'python',
    }));
    const script = [
      tierUp ? `require(${JSON.stringify(join(DIST, 'start.cjs'))}).scanTierUp();` : '',
      `const url = require('node:url');`,
      `const inputs = ${JSON.stringify(inputs)};`,
      `const seen = (findings) => findings.map((f) => f.file + ':' + f.line + ' ' + f.ruleId);`,
      `Promise.all([import(url.pathToFileURL(${JSON.stringify(join(SECURITY, 'scan-pool.js'))})), import(url.pathToFileURL(${JSON.stringify(join(SECURITY, 'scan.js'))}))])`,
      `.then(async ([pool, scan]) => { const result = await pool.scanInParallel(inputs, 2);`,
      `const alone = await scan.scanSources(inputs, { external: false, parallel: false });`,
      `process.stdout.write(JSON.stringify({ loads: pool.scanWorkerLoads(), findings: seen(result.findings), inProcess: seen(alone.findings) })); await pool.closeScanPool(); })`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  }

  it('loads the engine from its own bundle with the build’s code cache, and finds what an in-process scan finds', () => {
    bundlesCurrent();
    const cache = statSync(join(SECURITY, 'scan-worker-bundle.cache'), { throwIfNoEntry: false });
    if (!cache || cache.mtimeMs < statSync(join(SECURITY, 'scan-worker-bundle.cjs')).mtimeMs)
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-scan-cache.mjs')], { cwd: ROOT });
    const scan = pooled(true);
    // both workers started from dist/security/scan-worker.cjs: one script, V8 took the build's cache
    expect(scan.loads).toEqual([
      { loaded: 'bundle', codeCache: 'accepted' },
      { loaded: 'bundle', codeCache: 'accepted' },
    ]);
    expect(scan.findings.length).toBeGreaterThanOrEqual(40);
    expect([...scan.findings].sort()).toEqual([...scan.inProcess].sort());
    // outside `vouch scan` (a server: V8's default flags) the cache is refused and the worker compiles as usual
    const server = pooled(false);
    expect(server.loads).toEqual([
      { loaded: 'bundle', codeCache: 'rejected' },
      { loaded: 'bundle', codeCache: 'rejected' },
    ]);
    expect(server.findings).toEqual(scan.findings);
  });
});
