/**
 * `vouch scan` against Bandit on OWASP BenchmarkPython's test files (issue 59): speed, what each tool reports
 * per test category and, given the Benchmark's answer key, each tool's score per category.
 *
 * The files are not in this repository (GPL-3.0; their code stays out of it): give their folder as the
 * first argument or as BENCHMARKPYTHON_DIR — the `testcode/` folder of a BenchmarkPython checkout, or the
 * partial copy (106 files) and answer key bench/notes/2026-11-27-benchmarkpython.md says how to make (with its
 * SOURCE.md beside it).
 *
 *   npm run build && node --import tsx bench/security/benchmarkpython.ts <testcode folder> [runs]
 *     [--expected expectedresults-0.1.csv]
 *   (runs 0: the findings per category only, no timing)
 *
 * 1. Findings per category. Each test's category is in its route (`/benchmark/<category>-NN/…`); a file
 *    counts as reported when a tool reports a weakness of that category's CWE family on it (vouch's `cwe`;
 *    Bandit 1.6.2 gives no CWE, so its test ids are mapped). Files Bandit could not parse are counted apart.
 *    With PER_FILE=<path> set, the per-file verdicts are written there as JSON. With `--expected FILE` (or
 *    BENCHMARKPYTHON_EXPECTED), the Benchmark's answer key (`expectedresults-0.1.csv`, also not in this
 *    repository), each tool is scored per category: TPR, the share of real weaknesses it reports, and FPR,
 *    the share of safe tests it reports anyway (a file Bandit cannot parse counts as not reported).
 * 2. Speed: whole processes (start-up included) in alternating rounds (vouch, Bandit, vouch, …), one warm-up
 *    round and RUNS counted, CPU (user + system) and wall from GNU time, on three sets copied to a scratch
 *    folder: one file (start-up, the floor), the folder, and the folder ten times over. The table gives
 *    medians and the median of the round-by-round ratios Bandit ÷ vouch. No cache: `--no-external
 *    --no-cache`, `bandit -q -r`.
 *
 * It prints the tables and a JSON line for bench/results/security-speed.jsonl; it records nothing itself.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { scanCodeCacheRefused, staleContextBundle } from '../../test/support/build-once.js';
import { machineLine, table } from '../results.js';
import { type CategoryScore, parseExpected, scoreByCategory } from './expected-results.js';

const ARGS = process.argv.slice(2);
const expectedAt = ARGS.indexOf('--expected');
const EXPECTED = expectedAt >= 0 ? ARGS.splice(expectedAt, 2)[1] : process.env.BENCHMARKPYTHON_EXPECTED;
const FOLDER = ARGS[0] ?? process.env.BENCHMARKPYTHON_DIR;
const RUNS = Number(ARGS[1] ?? 3);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'vouch.js');

/** The CWE family a category's tests are about (OWASP Benchmark's categories and their CWEs). */
const CATEGORY_CWES: Record<string, number[]> = {
  cmdi: [77, 78],
  codeinj: [94, 95],
  crypto: [327],
  deserialization: [502],
  hash: [328],
  ldapi: [90],
  pathtraver: [22, 23, 36, 73],
  redirect: [601],
  securecookie: [614, 1004],
  sqli: [89],
  trustbound: [501],
  weakrand: [330, 338],
  xpathi: [643],
  xss: [79, 80],
  xxe: [611, 776],
};

/** Bandit 1.6.2's JSON has no CWE: its tests' CWEs (as later Bandit releases give them). */
const BANDIT_CWES: Record<string, number[]> = {
  B102: [78],
  B301: [502],
  B302: [502],
  B303: [327],
  B304: [327],
  B305: [327],
  B306: [377],
  B307: [78],
  B311: [330],
  B313: [20],
  B314: [20],
  B315: [20],
  B316: [20],
  B317: [20],
  B318: [20],
  B319: [20],
  B320: [20],
  B324: [327],
  B403: [502],
  B506: [20, 502],
  B602: [78],
  B603: [78],
  B604: [78],
  B605: [78],
  B606: [78],
  B607: [78],
  B608: [89],
  B609: [78],
  B701: [94, 79],
  B703: [79],
};

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

if (!FOLDER)
  fail(
    'no BenchmarkPython folder: give the `testcode/` folder of OWASP BenchmarkPython as the first argument or as BENCHMARKPYTHON_DIR (it is not in this repository; bench/notes/2026-11-27-benchmarkpython.md says where the copy measured came from)',
  );
const TESTCODE = resolve(FOLDER);
if (!existsSync(TESTCODE))
  fail(`${TESTCODE} is missing: give the folder that holds BenchmarkPython's BenchmarkTest*.py files`);
const TESTS = readdirSync(TESTCODE)
  .filter((name) => /^BenchmarkTest\d+\.py$/.test(name))
  .sort();
if (TESTS.length === 0)
  fail(`${TESTCODE} holds no BenchmarkTest*.py files: give BenchmarkPython's testcode/ folder`);
if (!existsSync(join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')))
  fail('run `npm run build` first: the benchmark runs the built CLI');
const stale = staleContextBundle();
if (stale) fail(`${stale}: run \`npm run build\` (or node scripts/bundle-context.mjs) first`);
// nor one compiled without the code cache the build makes for it (scripts/build-scan-cache.mjs)
const refused = RUNS > 0 ? scanCodeCacheRefused() : undefined;
if (refused) fail(`${refused}: run \`npm run build\` first`);
if (spawnSync('bandit', ['--version']).error) fail('Bandit is not installed: apt-get install bandit');
if (expectedAt >= 0 && !EXPECTED)
  fail("--expected needs a file: the Benchmark's expectedresults-<version>.csv");
if (EXPECTED && !existsSync(EXPECTED))
  fail(`${resolve(EXPECTED)} is missing: give the Benchmark's expectedresults CSV`);
const ANSWERS = EXPECTED ? parseExpected(readFileSync(EXPECTED, 'utf8')) : undefined;

/** A test's category, from its route: `/benchmark/<category>-NN/BenchmarkTestNNNNN`. */
function categoryOf(source: string): string | undefined {
  return /\/benchmark\/([a-z]+)-\d+\//.exec(source)?.[1];
}

interface Run {
  wall: number;
  cpu: number;
}

/** One whole process under GNU time, its output kept (the findings run reads it). */
function timed(command: string[], cwd: string): Run & { stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S', ...command], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
  });
  const [wall, user, system] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (![wall, user, system].every(Number.isFinite))
    throw new Error(`${command.join(' ')}: no timing (${result.stderr.slice(-400)})`);
  return { wall: wall!, cpu: user! + system!, stdout: result.stdout };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

const vouchCommand = (dir: string) => [
  process.execPath,
  BIN,
  ...['scan', dir, '--lang', 'python', '--no-external', '--no-cache', '--json'],
];
const banditCommand = (dir: string) => ['bandit', '-q', '-r', dir, '-f', 'json'];

const scratch = mkdtempSync(join(tmpdir(), 'vouch-benchmarkpython-'));
try {
  // the sets: one file, the folder, the folder ten times (each copy in its own subfolder)
  const sets: Record<string, string> = { one: 'one', folder: 'folder', ten: 'ten' };
  mkdirSync(join(scratch, 'one'));
  copyFileSync(join(TESTCODE, TESTS[0]!), join(scratch, 'one', TESTS[0]!));
  mkdirSync(join(scratch, 'folder'));
  for (const name of TESTS) copyFileSync(join(TESTCODE, name), join(scratch, 'folder', name));
  for (let copy = 0; copy < 10; copy++) {
    mkdirSync(join(scratch, 'ten', `copy${copy}`), { recursive: true });
    for (const name of TESTS) copyFileSync(join(TESTCODE, name), join(scratch, 'ten', `copy${copy}`, name));
  }

  // 1. findings per category, from one run of each on the folder
  const vouchReport = JSON.parse(timed(vouchCommand('folder'), scratch).stdout) as {
    findings: { file: string; cwe?: number; ruleId: string; line: number }[];
  };
  const banditReport = JSON.parse(timed(banditCommand('folder'), scratch).stdout) as {
    results: { filename: string; test_id: string; line_number: number }[];
    errors: { filename: string; reason: string }[];
  };
  const unparsed = new Set(banditReport.errors.map((error) => basename(error.filename)));
  const perFile = TESTS.map((name) => {
    const category = categoryOf(readFileSync(join(TESTCODE, name), 'utf8')) ?? 'unknown';
    const family = CATEGORY_CWES[category] ?? [];
    const vouch = vouchReport.findings.filter((finding) => basename(finding.file) === name);
    const bandit = banditReport.results.filter((result) => basename(result.filename) === name);
    return {
      name,
      category,
      vouch: vouch.some((finding) => finding.cwe !== undefined && family.includes(finding.cwe)),
      bandit: bandit.some((result) =>
        (BANDIT_CWES[result.test_id] ?? []).some((cwe) => family.includes(cwe)),
      ),
      banditUnparsed: unparsed.has(name),
      vouchOther: [...new Set(vouch.map((finding) => finding.ruleId))].sort(),
      vouchLines: vouch.map((finding) => `${finding.ruleId}:${finding.line}`),
      banditOther: [...new Set(bandit.map((result) => result.test_id))].sort(),
    };
  });
  if (process.env.PER_FILE) writeFileSync(process.env.PER_FILE, `${JSON.stringify(perFile, null, 1)}\n`);
  const categories = [...new Set(perFile.map((file) => file.category))].sort();
  const findingRows = categories.map((category) => {
    const files = perFile.filter((file) => file.category === category);
    const count = (keep: (file: (typeof perFile)[number]) => boolean) => files.filter(keep).length;
    return [
      category,
      (CATEGORY_CWES[category] ?? []).join(', '),
      files.length,
      count((file) => file.vouch),
      count((file) => file.bandit),
      count((file) => file.banditUnparsed),
      count((file) => file.vouch !== file.bandit),
      count((file) => file.vouchOther.length === 0),
    ];
  });
  const findingsTable = table(
    [
      'category',
      'CWE family',
      'files',
      'vouch reports it',
      'Bandit reports it',
      'Bandit cannot parse',
      'the two disagree',
      'vouch reports nothing',
    ],
    findingRows,
  );
  process.stdout.write(`${findingsTable}\n\n`);
  for (const file of perFile)
    if (file.vouch !== file.bandit || file.vouchOther.length === 0)
      process.stdout.write(
        `${file.name} ${file.category}: vouch ${file.vouch ? 'yes' : 'no'} (${file.vouchLines.join(' ') || 'nothing'}), Bandit ${file.banditUnparsed ? 'could not parse' : file.bandit ? 'yes' : 'no'} (${file.banditOther.join(' ') || 'nothing'})\n`,
      );

  // 1b. scored against the answer key, when one is given
  let scoreTable: string | undefined;
  const scoreFigures: Record<string, number> = {};
  if (ANSWERS) {
    const mismatched = perFile.filter(
      (file) => ANSWERS.get(file.name.replace(/\.py$/, ''))?.category !== file.category,
    );
    if (mismatched.length)
      throw new Error(
        `the expected results do not match these files (category differs or test missing): ${mismatched.map((file) => file.name).join(' ')}`,
      );
    const vouchScores = scoreByCategory(
      perFile.map((file) => ({ name: file.name, reported: file.vouch })),
      ANSWERS,
    );
    const banditScores = scoreByCategory(
      perFile.map((file) => ({ name: file.name, reported: file.bandit })),
      ANSWERS,
    );
    const share = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));
    const cell = (score: CategoryScore, rate: 'tpr' | 'fpr') =>
      `${share(score[rate])} (${rate === 'tpr' ? score.truePositives : score.falsePositives}/${rate === 'tpr' ? score.real : score.safe})`;
    scoreTable = table(
      ['category', 'real · safe', 'vouch TPR', 'vouch FPR', 'Bandit TPR', 'Bandit FPR'],
      vouchScores.map((vouch, index) => {
        const bandit = banditScores[index]!;
        for (const [tool, score] of [
          ['vouch', vouch],
          ['bandit', bandit],
        ] as const) {
          if (score.tpr !== undefined)
            scoreFigures[`${score.category}_${tool}_tpr`] = Number(score.tpr.toFixed(3));
          if (score.fpr !== undefined)
            scoreFigures[`${score.category}_${tool}_fpr`] = Number(score.fpr.toFixed(3));
        }
        return [
          vouch.category,
          `${vouch.real} · ${vouch.safe}`,
          cell(vouch, 'tpr'),
          cell(vouch, 'fpr'),
          cell(bandit, 'tpr'),
          cell(bandit, 'fpr'),
        ];
      }),
    );
    process.stdout.write(`\nscored against ${resolve(EXPECTED!)}:\n${scoreTable}\n\n`);
    for (const file of perFile) {
      const answer = ANSWERS.get(file.name.replace(/\.py$/, ''))!;
      if (answer.real !== file.vouch)
        process.stdout.write(
          `${file.name} ${file.category} ${answer.real ? 'real, vouch misses it' : 'safe, vouch reports it'} (${file.vouchLines.join(' ') || 'nothing'})\n`,
        );
    }
  }

  // 2. speed, alternating (runs 0: the findings only)
  if (RUNS === 0) {
    rmSync(scratch, { recursive: true, force: true });
    process.exit(0);
  }
  const loadBefore = load();
  const runs: Record<string, Record<'vouch' | 'bandit', Run[]>> = Object.fromEntries(
    Object.keys(sets).map((set) => [set, { vouch: [], bandit: [] }]),
  );
  for (let round = 0; round <= RUNS; round++) {
    for (const [set, dir] of Object.entries(sets)) {
      for (const [tool, command] of [
        ['vouch', vouchCommand(dir)],
        ['bandit', banditCommand(dir)],
      ] as const) {
        const { wall, cpu } = timed(command, scratch);
        if (round > 0) runs[set]![tool].push({ wall, cpu });
        process.stderr.write(
          `${round === 0 ? 'warm-up' : `round ${round}`} ${set} ${tool}: ${cpu.toFixed(2)} s CPU, ${wall.toFixed(2)} s wall\n`,
        );
      }
    }
  }
  const loadAfter = load();
  const figures: Record<string, number> = { pairs: RUNS, files: TESTS.length, ...scoreFigures };
  const files: Record<string, number> = { one: 1, folder: TESTS.length, ten: TESTS.length * 10 };
  const speedRows = Object.keys(sets).map((set) => {
    const { vouch, bandit } = runs[set]!;
    const med = (list: Run[], key: keyof Run) => median(list.map((run) => run[key]));
    const ratio = (key: keyof Run) => median(bandit.map((run, index) => run[key] / vouch[index]![key]));
    figures[`${set}_vouch_cpu_s`] = Number(med(vouch, 'cpu').toFixed(3));
    figures[`${set}_vouch_wall_s`] = Number(med(vouch, 'wall').toFixed(3));
    figures[`${set}_bandit_cpu_s`] = Number(med(bandit, 'cpu').toFixed(3));
    figures[`${set}_bandit_wall_s`] = Number(med(bandit, 'wall').toFixed(3));
    figures[`${set}_bandit_over_vouch_cpu`] = Number(ratio('cpu').toFixed(2));
    figures[`${set}_bandit_over_vouch_wall`] = Number(ratio('wall').toFixed(2));
    return [
      `${set} (${files[set]} files)`,
      med(vouch, 'cpu').toFixed(3),
      med(vouch, 'wall').toFixed(3),
      med(bandit, 'cpu').toFixed(3),
      med(bandit, 'wall').toFixed(3),
      `${ratio('cpu').toFixed(2)}×`,
      `${ratio('wall').toFixed(2)}×`,
    ];
  });
  // start-up's share: a one-file scan's CPU over the folder's (and over ten folders')
  for (const tool of ['vouch', 'bandit'] as const)
    for (const set of ['folder', 'ten'])
      figures[`${tool}_one_file_share_of_${set}_cpu`] = Number(
        (figures[`one_${tool}_cpu_s`]! / figures[`${set}_${tool}_cpu_s`]!).toFixed(2),
      );
  const speedTable = table(
    [
      'set',
      'vouch CPU s',
      'vouch wall s',
      'Bandit CPU s',
      'Bandit wall s',
      'Bandit ÷ vouch, CPU',
      'Bandit ÷ vouch, wall',
    ],
    speedRows,
  );
  process.stdout.write(
    `${speedTable}\n\nload ${loadBefore} at the start, ${loadAfter} at the end; ${machineLine()}\n`,
  );
  for (const [category, , count, vouch, bandit, unparsedCount] of findingRows) {
    figures[`${category}_files`] = Number(count);
    figures[`${category}_vouch_files`] = Number(vouch);
    figures[`${category}_bandit_files`] = Number(bandit);
    figures[`${category}_bandit_unparsed`] = Number(unparsedCount);
  }
  process.stdout.write(
    `${JSON.stringify({ area: 'security-speed', load: `${loadBefore} at the start, ${loadAfter} at the end`, figures, table: `${speedTable}\n\n${findingsTable}${scoreTable ? `\n\n${scoreTable}` : ''}` })}\n`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
