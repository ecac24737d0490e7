import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AREA_PAGE_LIMIT,
  areaPageName,
  benchmarkOf,
  benchmarkRuns,
  currentRecords,
  figuresFromMarkdown,
  frontPage,
  headlineFigures,
  PAGE_LIMIT,
  type ResultRecord,
  readRecords,
  readSupersessions,
  resultsPageProblems,
  resultsPages,
  type Supersession,
  supersededBenchmarks,
  supersessionProblems,
  writeResultsPages,
} from '../../bench/results.js';

/**
 * The results pages are generated from the benchmarks' records (bench/results/*.jsonl): bench/RESULTS.md,
 * the front page, gives every benchmark's current headline figures, date, load and data's origin in two
 * lines, by area, and stays short; bench/results/<area>.md gives each benchmark of the area whole (origin,
 * date, commit, machine, load, figures with their earlier values). A record added without
 * `npm run results`, or a page edited by hand, fails here.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'vouch-results-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function record(overrides: Partial<ResultRecord>): ResultRecord {
  return {
    area: 'sandbox',
    title: 'Sandbox: cost per trivial program',
    date: '2026-11-25T11:37:00Z',
    commit: 'abc1234',
    machine: '2 cores (AMD EPYC), 24 GiB, Node v20.20.2, linux',
    load: '0.9',
    origin: 'synthetic: trivial programs',
    figures: { 'median (ms)': 12.8 },
    ...overrides,
  };
}

/** An area's page as the generator makes it from these records (and supersessions). */
function areaPageOf(records: ResultRecord[], area = 'sandbox', supersessions: Supersession[] = []): string {
  const page = resultsPages(records, supersessions).get(areaPageName(area));
  if (page === undefined) throw new Error(`no page for ${area}`);
  return page;
}

/** The anchor GitHub gives a heading: lower case, punctuation and symbols dropped, spaces to "-", repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of markdown.split('\n')) {
    const heading = /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replaceAll(' ', '-');
    let anchor = base;
    while (seen.has(anchor)) {
      seen.set(base, seen.get(base)! + 1);
      anchor = `${base}-${seen.get(base)}`;
    }
    seen.set(anchor, 0);
    anchors.add(anchor);
  }
  return anchors;
}

/** The markdown files a reader follows into the results: the README, docs/, bench/README.md and the pages. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(join(dir, entry.name))
        : entry.name.endsWith('.md')
          ? [join(dir, entry.name)]
          : [],
    );
  return [
    join(ROOT, 'README.md'),
    join(ROOT, 'bench', 'README.md'),
    join(ROOT, 'bench', 'RESULTS.md'),
    ...walk(join(ROOT, 'docs')),
    ...walk(join(ROOT, 'bench', 'results')),
  ];
}

/**
 * Whether the front page's `shown` stands for `whole`: whole, or cut at its end (…), or its start written
 * once for the entry `above` (…rest), or "as above" when it is the same as that entry's.
 */
function shows(shown: string, { whole, above }: { whole: string; above?: string }): boolean {
  if (shown === 'as above') return above !== undefined && whole === above.replaceAll('\n', ' ');
  const start = shown.startsWith('…');
  const end = shown.endsWith('…') && shown.length > 1;
  const core = shown.slice(start ? 1 : 0, end ? -1 : undefined);
  if (!start) return end ? whole.startsWith(core) : whole === core;
  // the start left out is one the entry above has too
  const at = whole.indexOf(core);
  return (
    at > 0 && above !== undefined && above.startsWith(whole.slice(0, at)) && (end || whole.endsWith(core))
  );
}

function areaFolder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('the results pages', () => {
  it('are generated from the records and current; RESULTS.md at most 40 KB, an area page at most 60 KB (run `npm run results` when this fails)', () => {
    expect(resultsPageProblems()).toEqual([]);
  });

  it('show every benchmark that has a record: on the front page in brief with its origin, on its area page whole', () => {
    const records = readRecords();
    expect(records.length).toBeGreaterThan(30);
    const supersessions = readSupersessions();
    const pages = resultsPages(records, supersessions);
    const front = pages.get('RESULTS.md')!;
    expect(Buffer.byteLength(front)).toBeLessThanOrEqual(PAGE_LIMIT);
    const superseded = supersededBenchmarks(benchmarkRuns(records), supersessions);
    const lines = front.split('\n');
    // the front page's entries in order, each after the one above it in its area
    let entry = lines.findIndex((line) => line.startsWith('- **'));
    let above: ResultRecord | undefined;
    for (const current of currentRecords(records)) {
      const name = benchmarkOf(current).replaceAll('\n', ' ');
      const origin = current.origin.replaceAll('\n', ' ');
      const page = pages.get(areaPageName(current.area))!;
      if (above?.area !== current.area) above = undefined;
      if (superseded.has(`${current.area}\n${name}`)) {
        // a benchmark another one superseded: off the front page, on its area's page, marked
        expect(front).not.toContain(`- **${name}** · `);
        expect(page).toContain(`## ${name}\n`);
        expect(page).toContain(`Superseded by "${superseded.get(`${current.area}\n${name}`)!.benchmark}"`);
        continue;
      }
      // the front page: its name, date, load and headline figures on one line, its origin (or its start) on the next
      // bounded: a page that lost an entry fails here rather than looping for ever (no timeout can stop a synchronous loop)
      while (entry < lines.length && !lines[entry]!.startsWith('- **')) entry++;
      expect(entry, `${name}: no entry for it on the front page`).toBeLessThan(lines.length);
      const [, shownName, shownDay, shownLoad] = /^- \*\*(.+?)\*\* · (\S+) · load (.+?)(?: · |\\$)/.exec(
        lines[entry]!,
      )!;
      expect(shows(shownName!, { whole: name, above: above && benchmarkOf(above) }), name).toBe(true);
      expect(shownDay).toBe(current.date.slice(0, 10));
      expect(shows(shownLoad!, { whole: current.load.replaceAll('\n', ' ') }), name).toBe(true);
      for (const figure of headlineFigures(current))
        expect(lines[entry], name).toContain(
          `${figure.replaceAll('\n', ' ')}: **${current.figures[figure]}**`,
        );
      const data = lines[entry + 1]!;
      expect(data.startsWith('  Data: '), name).toBe(true);
      expect(shows(data.slice('  Data: '.length), { whole: origin, above: above?.origin }), name).toBe(true);
      const section = lines.slice(0, entry).findLast((line) => line.startsWith('## '));
      expect(section, name).toBe(
        `## ${current.area} · [page](results/${current.area}.md) · [records](results/${current.area}.jsonl)`,
      );
      above = current;
      entry++;
      // its area's page: whole, with its origin whole
      expect(page).toContain(`## ${name}\n`);
      expect(page).toContain(`Data: ${origin}\n`);
      expect(Buffer.byteLength(page)).toBeLessThanOrEqual(AREA_PAGE_LIMIT);
    }
  });

  it('are reached by every link into them from the README, docs/, bench/README.md and the pages themselves', () => {
    const checked: string[] = [];
    for (const file of markdownFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split('#') as [string, string | undefined];
        const into = path === '' ? file : resolve(dirname(file), path);
        const where = relative(ROOT, into);
        if (!/^bench\/(RESULTS\.md|results\/)/.test(where)) continue;
        const from = `${relative(ROOT, file)} → ${target}`;
        expect(existsSync(into), from).toBe(true);
        if (anchor !== undefined) expect(headingAnchors(readFileSync(into, 'utf8')), from).toContain(anchor);
        checked.push(from);
      }
    }
    // the front page links every area's page and records
    expect(checked.length).toBeGreaterThan(2 * new Set(readRecords().map((each) => each.area)).size);
  });
});

describe('the result records', () => {
  it("take any area file: the front page shows each benchmark's latest record in brief, its area's page whole", () => {
    const older = record({ date: '2026-11-20T10:00:00Z', figures: { 'median (ms)': 30 } });
    const newer = record({
      date: '2026-11-25T11:37:00Z',
      commit: 'def5678',
      figures: { 'median (ms)': 12.8 },
    });
    const other = record({
      area: 'confidence',
      title: 'Confidence on real output',
      origin: 'real model output',
    });
    const dir = areaFolder('areas', {
      'sandbox.jsonl': `${JSON.stringify(newer)}\n${JSON.stringify(older)}\n`,
      'confidence.jsonl': `${JSON.stringify(other)}\n`,
    });
    const records = readRecords(dir);
    expect(records).toHaveLength(3);
    expect(currentRecords(records).map((each) => [each.area, each.commit])).toEqual([
      ['confidence', 'abc1234'],
      ['sandbox', 'def5678'],
    ]);
    expect([...resultsPages(records).keys()]).toEqual([
      'RESULTS.md',
      'results/confidence.md',
      'results/sandbox.md',
    ]);
    const front = frontPage(records);
    // one entry of two lines: name, day, load, headline figures; then the data's origin
    expect(front).toContain(
      '## sandbox · [page](results/sandbox.md) · [records](results/sandbox.jsonl)\n\n' +
        '- **Sandbox: cost per trivial program** · 2026-11-25 · load 0.9 · median (ms): **12.8**\\\n' +
        '  Data: synthetic: trivial programs\n',
    );
    expect(front).toContain(
      '- **Confidence on real output** · 2026-11-25 · load 0.9 · median (ms): **12.8**\\\n  Data: real model output\n',
    );
    expect(front).not.toContain('**30**');
    // the machine most records ran on is named once, at the top
    expect(front).toContain(
      "Machine, unless an area's page names another: 2 cores (AMD EPYC), 24 GiB, Node v20.20.2, linux.",
    );
    const page = areaPageOf(records);
    expect(page).toContain('# Benchmark results: sandbox\n');
    expect(page).toContain('- median (ms): **12.8** (was 30 on 2026-11-20)');
    expect(page).toContain(
      'Machine, unless a benchmark names another: 2 cores (AMD EPYC), 24 GiB, Node v20.20.2, linux.',
    );
    expect(page).toContain('2026-11-25T11:37:00Z · def5678 · load 0.9');
    expect(areaPageOf(records, 'confidence')).toContain('Data: real model output\n');
    const elsewhere = areaPageOf(
      [...records, record({ title: 'Elsewhere', machine: '8 cores' }), record({ title: 'Also' })],
      'sandbox',
    );
    expect(elsewhere).toContain('· 8 cores · load 0.9');
  });

  it("group a benchmark's runs: the latest whole on the area's page, the earlier ones in brief, nothing cut", () => {
    const long = `real model output, ${'a long account of where it came from, '.repeat(8)}the end`;
    const runs = [
      record({ date: '2026-11-20T10:00:00Z', title: 'Gate (first run)', figures: { recall: 0.5, cpu: 9 } }),
      record({ date: '2026-11-22T10:00:00Z', title: 'Gate (final run)', figures: { recall: 0.6, cpu: 8 } }),
      record({
        date: '2026-11-24T10:00:00Z',
        title: 'Gate (final-2 run)',
        origin: long,
        load: `${'19.2 '.repeat(20)}during the run`,
        figures: { recall: 0.7, cpu: 7 },
      }),
      // a before/after pair stays two benchmarks; an explicit `benchmark` groups what titles do not
      record({ title: 'Verdict, first run (before this branch)' }),
      record({ title: 'VS Code, alternating run 1 of 2, niced', date: '2026-11-21T10:00:00Z' }),
      record({ title: 'VS Code, alternating run 2 of 2, niced', date: '2026-11-22T10:00:00Z' }),
      record({ title: 'suite at 1234', benchmark: 'the suite', figures: { wall_s: 400 } }),
      record({
        title: 'suite at 5678',
        benchmark: 'the suite',
        date: '2026-11-26T10:00:00Z',
        figures: { wall_s: 300 },
      }),
    ];
    expect(benchmarkRuns(runs).map((each) => [benchmarkOf(each.at(-1)!), each.length])).toEqual([
      ['Gate', 3],
      ['the suite', 2],
      ['Verdict, first run (before this branch)', 1],
      ['VS Code, niced', 2],
    ]);
    const page = areaPageOf(runs);
    expect(page).toContain('## Gate\n');
    expect(page).toContain('Latest run: Gate (final-2 run)');
    expect(page).toContain('· 3 runs since 2026-11-20_');
    expect(page).toContain(`Data: ${long}\n`);
    expect(page).toContain(`load ${'19.2 '.repeat(20)}during the run`);
    expect(page).toContain('- recall: **0.7** (was 0.5 on 2026-11-20, 0.6 on 2026-11-22)');
    expect(page).toContain('- wall_s: **300** (was 400 on 2026-11-25)');
    expect(page).toContain('[sandbox.jsonl](sandbox.jsonl)');
    expect(page).not.toContain('…');
    // the front page: each benchmark once, by the name of its runs, with its latest figures
    const front = frontPage(runs);
    expect(front.match(/^- \*\*Gate\*\* · 2026-11-24 · load 19\.2 /gm)).toHaveLength(1);
    expect(front).toContain('recall: **0.7**; cpu: **7**\\\n');
    expect(front).toContain('- **the suite** · 2026-11-26 · load 0.9 · wall_s: **300**\\\n');
  });

  it("cut long origins short on the front page, shorter when it would be over its size; never a figure, never on the area's page", () => {
    const origin = `real data, ${'described at length '.repeat(20)}the end`;
    // origins that differ from their first word: none is written as the one above it
    const runs = ['Oldest', 'Middle', 'Newest'].map((title, at) =>
      record({
        title,
        date: `2026-11-2${at}T10:00:00Z`,
        origin: `${title} ${origin}`,
        figures: { a: 1, b: 2 },
      }),
    );
    const front = frontPage(runs);
    const shown = (page: string) => [...page.matchAll(/^ {2}Data: (.*)$/gm)].map((match) => match[1]!);
    expect(shown(front)).toHaveLength(3);
    // the entries by name (Middle, Newest, Oldest): each line the start of its own benchmark's origin
    const inOrder = currentRecords(runs);
    for (const [at, line] of shown(front).entries()) {
      expect(line.endsWith('…')).toBe(true);
      expect(inOrder[at]!.origin.startsWith(line.slice(0, -1)), line).toBe(true);
      expect(line.length).toBeLessThanOrEqual(161);
    }
    expect(front).toContain(
      "_Cut short here (…), whole on each area's page: an origin past 160 characters, a name past 90,",
    );
    // less room: every origin cut shorter, the same for all, the figures all there
    const smaller = frontPage(runs, Buffer.byteLength(front) - 60);
    expect(Buffer.byteLength(smaller)).toBeLessThanOrEqual(Buffer.byteLength(front) - 60);
    expect(new Set(shown(smaller).map((line) => line.length)).size).toBe(1);
    expect(shown(smaller)[0]!.length).toBeLessThan(shown(front)[0]!.length);
    expect(smaller.match(/a: \*\*1\*\*; b: \*\*2\*\*\\$/gm)).toHaveLength(3);
    // a short origin is whole
    expect(frontPage([record({ origin: 'synthetic: trivial programs' })])).toContain(
      '  Data: synthetic: trivial programs\n',
    );
    expect(areaPageOf(runs)).toContain(`Data: Newest ${origin}\n`);
  });

  it('leave a benchmark another one superseded off the front page, and write once what an entry shares with the one above', () => {
    const origin = 'Debian python3-django 3.2, BSD-3-Clause; the suite: 13 test files';
    const records = [
      record({ title: 'first diagnostics on open, Django, before the cuts', origin: `${origin}, old code` }),
      record({
        title: 'first diagnostics on open, Django, after the cuts',
        origin: `${origin}, new code`,
        date: '2026-11-26T10:00:00Z',
      }),
      record({
        title: 'first diagnostics on open, Django, with the index warm',
        origin: `${origin}, new code`,
      }),
      record({
        title: `completion ${'with a long account of what was measured '.repeat(4)}`,
        load: `0.9 ${'and more '.repeat(9)}`,
      }),
    ];
    // the judgement is kept beside the records (bench/results/<area>.supersedes.json), not in them
    const supersessions: Supersession[] = [
      {
        area: 'sandbox',
        benchmark: 'first diagnostics on open, Django, after the cuts',
        supersedes: ['first diagnostics on open, Django, before the cuts'],
        date: '2026-11-26T12:00:00Z',
        reason: 'The baseline of the pair.',
      },
    ];
    const front = frontPage(records, PAGE_LIMIT, supersessions);
    expect(front).not.toContain('before the cuts');
    expect(front).toContain(
      '- **first diagnostics on open, Django, after the cuts** · 2026-11-26 · load 0.9 ·',
    );
    expect(front).toContain(`  Data: ${origin}, new code\n`);
    // the next entry: the start the one above has too, once
    expect(front).toContain('- **…with the index warm** · 2026-11-25 · load 0.9 ·');
    expect(front).toContain('  Data: as above\n');
    // a long name and a long load: cut at a word, whole on the area's page
    expect(front).toMatch(
      /- \*\*completion with a long account .{40,100}…\*\* · 2026-11-25 · load 0\.9 and more .{10,40}… · /,
    );
    const page = areaPageOf(records, 'sandbox', supersessions);
    expect(page).toContain('## first diagnostics on open, Django, before the cuts\n');
    expect(page).toContain(
      'Superseded by "first diagnostics on open, Django, after the cuts" (2026-11-26, [sandbox.supersedes.json](sandbox.supersedes.json)): The baseline of the pair. Not on the front page.',
    );
    // without the judgement, both are on the front page
    expect(frontPage(records)).toContain('before the cuts');
    expect(page).toContain(`Data: ${origin}, old code\n`);
    expect(page).toContain(`load 0.9 ${'and more '.repeat(9).trim()}`);
    expect(page).not.toContain('…');
  });

  it('hold a supersession only when both benchmarks are of its area and share a figure; any other is a problem, and hides nothing', () => {
    const records = [
      record({ title: 'suite, whole', figures: { wall_s: 300, cpu_share: 0.9 } }),
      record({ title: 'suite, one file before', figures: { cpu_old_s: 12, cpu_new_s: 10 } }),
      record({ title: 'suite, whole, before', figures: { wall_s: 400 } }),
    ];
    const claim = (benchmark: string, supersedes: string[]): Supersession => ({
      area: 'sandbox',
      benchmark,
      supersedes,
      date: '2026-11-26T12:00:00Z',
      reason: 'r.',
    });
    const claims = [
      claim('suite, whole', ['suite, whole, before', 'suite, one file before', 'nowhere', 'suite, whole']),
      claim('no such benchmark', ['suite, whole, before']),
      { ...claim('suite, whole', ['suite, whole, before']), area: 'lsp' },
    ];
    const bench = join(scratch, 'claims');
    writeResultsPages(records, bench, claims);
    expect(resultsPageProblems(records, bench, claims)).toEqual([
      'bench/results/sandbox.supersedes.json: "suite, one file before" shares no figure with "suite, whole", so it is not an earlier run of the same measurement: leave it on the front page (drop the claim), or put its table in a note',
      'bench/results/sandbox.supersedes.json: "suite, whole" supersedes "nowhere", which is no benchmark of sandbox: name one whose records are in sandbox.jsonl',
      'bench/results/sandbox.supersedes.json: "suite, whole" supersedes itself: name another benchmark',
      'bench/results/sandbox.supersedes.json: "no such benchmark" is no benchmark of sandbox: name one whose records are in sandbox.jsonl',
      'bench/results/lsp.supersedes.json: "suite, whole" is no benchmark of lsp: name one whose records are in lsp.jsonl',
    ]);
    expect(supersessionProblems(benchmarkRuns(records), [claims[0]!])).toHaveLength(3);
    // only the claim that holds hides a benchmark: the one that measures something else stays on the front page
    expect([...supersededBenchmarks(benchmarkRuns(records), claims).keys()]).toEqual([
      'sandbox\nsuite, whole, before',
    ]);
    const front = frontPage(records, PAGE_LIMIT, claims);
    expect(front).toContain('- **suite, one file before** · ');
    expect(front).not.toContain('- **suite, whole, before** · ');
    expect(front).toContain('- **suite, whole** · ');
  });

  it('read supersessions from bench/results/<area>.supersedes.json, and refuse `supersedes` in a record', () => {
    const dir = areaFolder('supersessions', {
      'sandbox.jsonl': `${JSON.stringify(record({ title: 'after' }))}\n${JSON.stringify(record({ title: 'before' }))}\n`,
      'sandbox.supersedes.json': JSON.stringify([
        { benchmark: 'after', supersedes: ['before'], date: '2026-11-26T12:00Z', reason: 'The baseline.' },
      ]),
    });
    expect(readSupersessions(dir)).toEqual([
      {
        area: 'sandbox',
        benchmark: 'after',
        supersedes: ['before'],
        date: '2026-11-26T12:00Z',
        reason: 'The baseline.',
      },
    ]);
    // the pages are written, and checked, with the supersessions beside the records
    const bench = join(scratch, 'supersessions-bench');
    mkdirSync(join(bench, 'results'), { recursive: true });
    const claim = {
      benchmark: 'after',
      supersedes: ['before'],
      date: '2026-11-26T12:00Z',
      reason: 'The baseline.',
    };
    writeFileSync(join(bench, 'results', 'sandbox.supersedes.json'), JSON.stringify([claim]));
    writeResultsPages(readRecords(dir), bench);
    expect(readFileSync(join(bench, 'results', 'sandbox.md'), 'utf8')).toContain('Superseded by "after"');
    expect(readFileSync(join(bench, 'RESULTS.md'), 'utf8')).not.toContain('**before**');
    expect(resultsPageProblems(readRecords(dir), bench)).toEqual([]);
    const noReason = areaFolder('no-reason', {
      'sandbox.supersedes.json': JSON.stringify([
        { benchmark: 'after', supersedes: ['before'], date: '2026-11-26' },
      ]),
    });
    expect(() => readSupersessions(noReason)).toThrow(
      /bench\/results\/sandbox\.supersedes\.json is not a list of \{benchmark, supersedes, date, reason\} \(0\.reason: /,
    );
    const inRecord = areaFolder('in-record', {
      'sandbox.jsonl': `${JSON.stringify({ ...record({}), supersedes: ['before'] })}\n`,
    });
    expect(() => readRecords(inRecord)).toThrow(
      /sandbox\.jsonl:1 has `supersedes`: say which benchmark supersedes which in bench\/results\/sandbox\.supersedes\.json/,
    );
  });

  it('show the figures a record names as its headline, else its first three', () => {
    const figures = { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 };
    const plain = areaPageOf([record({ figures })]);
    expect(plain).toContain('- c: **3**\n- …and 3 more in the record');
    expect(plain).not.toContain('- d: **4**');
    expect(frontPage([record({ figures })])).toContain('a: **1**; b: **2**; c: **3**; 3 more\\\n');
    const named = [record({ figures, headline: ['f', 'e', 'nowhere'] })];
    expect(areaPageOf(named)).toContain('- f: **6**\n- e: **5**\n- …and 4 more in the record');
    expect(areaPageOf(named)).not.toContain('- a: **1**');
    expect(frontPage(named)).toContain('f: **6**; e: **5**; 4 more\\\n');
  });

  it("show a record's table on its area's page only when the record asks for it, never on the front page", () => {
    const table = '| level | problems | passing |\n| --- | --- | --- |\n| high | 31 | 29 |';
    expect(areaPageOf([record({ table, tableOnPage: true })])).toContain(`${table}\n`);
    expect(areaPageOf([record({ table })])).not.toContain('| high | 31 | 29 |');
    expect(frontPage([record({ table, tableOnPage: true })])).not.toContain('| high | 31 | 29 |');
  });

  it('fail their check when a page is stale, missing or left without records, and are written again whole', () => {
    const bench = join(scratch, 'bench');
    const records = [record({}), record({ area: 'lsp', title: 'First diagnostics' })];
    expect(resultsPageProblems(records, bench)).toEqual([
      'bench/RESULTS.md is missing: run `npm run results`',
      'bench/results/lsp.md is missing: run `npm run results`',
      'bench/results/sandbox.md is missing: run `npm run results`',
    ]);
    expect(writeResultsPages(records, bench)).toEqual(['RESULTS.md', 'results/lsp.md', 'results/sandbox.md']);
    expect(resultsPageProblems(records, bench)).toEqual([]);
    // a new record of one area: that area's page and the front page are stale, no other
    const newer = [...records, record({ date: '2026-11-26T10:00:00Z', figures: { 'median (ms)': 9.9 } })];
    expect(resultsPageProblems(newer, bench)).toEqual([
      'bench/RESULTS.md is stale: run `npm run results`',
      'bench/results/sandbox.md is stale: run `npm run results`',
    ]);
    // an area whose records went: its page is removed by the generator, which never removes a page it did not write
    writeFileSync(join(bench, 'results', 'notes.md'), '# my own notes\n');
    expect(resultsPageProblems([record({})], bench)).toEqual([
      'bench/RESULTS.md is stale: run `npm run results`',
      'bench/results/lsp.md has no records: run `npm run results`, which removes it',
      'bench/results/notes.md has no records: run `npm run results`, which removes it',
    ]);
    writeResultsPages([record({})], bench);
    expect(existsSync(join(bench, 'results', 'lsp.md'))).toBe(false);
    expect(readFileSync(join(bench, 'results', 'notes.md'), 'utf8')).toBe('# my own notes\n');
    // an area page past its size says how to split it
    const big = Array.from({ length: 40 }, (_, at) =>
      record({ title: `Benchmark ${at}`, origin: 'o'.repeat(2000) }),
    );
    expect(resultsPageProblems(big, bench).join('\n')).toMatch(
      /bench\/results\/sandbox\.md would be \d+ bytes, over 61440: move some of its benchmarks to an area of their own/,
    );
  });

  it('are validated: a bad line is an error naming the file, the line and what is missing', () => {
    const { origin: _dropped, ...withoutOrigin } = record({});
    const dir = areaFolder('bad', {
      'sandbox.jsonl': `${JSON.stringify(record({}))}\n${JSON.stringify(withoutOrigin)}\n`,
    });
    expect(() => readRecords(dir)).toThrow(
      /bench\/results\/sandbox\.jsonl:2 is not a result record \(origin: /,
    );
    const notJson = areaFolder('not-json', { 'sandbox.jsonl': '{"area": \n' });
    expect(() => readRecords(notJson)).toThrow(/sandbox\.jsonl:1 is not JSON/);
    const misplaced = areaFolder('misplaced', { 'lsp.jsonl': `${JSON.stringify(record({}))}\n` });
    expect(() => readRecords(misplaced)).toThrow(/records of that area go in sandbox\.jsonl/);
  });

  it("name a table's numbers by row and column when a benchmark names no figures", () => {
    const markdown = [
      '| runtime | path | median | p90 | throughput |',
      '| --- | --- | --- | --- | --- |',
      '| python | warm pool | 2.8 ms | 3.1 ms | 699 programs/s |',
      '| node | fresh sandbox | **35.4 ms** | 37.8 ms | — |',
    ].join('\n');
    expect(figuresFromMarkdown(markdown)).toEqual({
      'python · warm pool · median (ms)': 2.8,
      'python · warm pool · p90 (ms)': 3.1,
      'python · warm pool · throughput (programs/s)': 699,
      'node · fresh sandbox · median (ms)': 35.4,
      'node · fresh sandbox · p90 (ms)': 37.8,
    });
  });
});
