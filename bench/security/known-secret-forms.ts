/**
 * What looking for a known secret in more forms costs and finds (w196): `KnownSecrets` (known-secrets.ts,
 * encoded-forms.ts) as it is now against the commit given with `--before REF` (default main), read with
 * `git show`.
 *
 * - cost: the time to learn the values (`add`) and to search a text (`find`), alternating runs of the two
 *   versions, medians and ratios; the text is Debian's Django (every .py file, joined).
 * - false alarms: every match of either version over real text nobody here wrote (Debian's Python packages
 *   and the worktree's node_modules, .py/.js/.ts/.md/.json files under 2 MB), for two sets of values:
 *   the values the secret detector finds in that same text (real, if mostly made-up, credentials) and
 *   made-up random ones. A match of a real value in the file it was found in, or in a copy of that file,
 *   is no false alarm; anything else is listed to be judged by hand.
 *
 *   npx tsx bench/security/known-secret-forms.ts [--before REF] [--values N] [--runs N] [--record]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findSecrets, KnownSecrets as KnownNow } from '../../src/security/index.js';
import { recordResults, table } from '../results.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = '/usr/lib/python3/dist-packages';
const argument = (name: string, fallback: string) =>
  process.argv.includes(name) ? (process.argv[process.argv.indexOf(name) + 1] as string) : fallback;
const before = argument('--before', 'main');
const valueCount = Number(argument('--values', '1000'));
const runs = Number(argument('--runs', '5'));

type Known = {
  add(value: string): void;
  find(text: string): { start: number; end: number; value: string }[];
};

/** KnownSecrets as it was at `ref`, loaded from a copy under bench/.work. */
async function knownAt(ref: string): Promise<new () => Known> {
  const dir = join(ROOT, 'bench', '.work', 'known-secret-forms', ref.replace(/[^\w.-]/g, '_'));
  mkdirSync(join(dir, 'security'), { recursive: true });
  for (const file of ['security/known-secrets.ts', 'security/encoded-forms.ts'])
    writeFileSync(join(dir, file), execFileSync('git', ['show', `${ref}:src/${file}`], { cwd: ROOT }));
  return ((await import(join(dir, 'security', 'known-secrets.ts'))) as { KnownSecrets: new () => Known })
    .KnownSecrets;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === '__pycache__' || name === '.work') continue;
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) walk(path, out);
    else if (/\.(py|js|ts|md|json)$/.test(name) && stat.size < 2_000_000) out.push(path);
  }
  return out;
}

/** Made-up values like generated keys: 20 to 50 characters of letters, digits and a few symbols (seeded). */
function madeUpValues(count: number): string[] {
  let seed = 196;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_!@#';
  return Array.from({ length: count }, () =>
    Array.from(
      { length: 20 + Math.floor(next() * 31) },
      () => alphabet[Math.floor(next() * alphabet.length)],
    ).join(''),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

const Old = await knownAt(before);
const corpusFiles = [...walk(DIST), ...walk(join(ROOT, 'node_modules'))].sort();
const texts = corpusFiles.map((file) => readFileSync(file, 'utf8'));
const django = corpusFiles
  .map((file, index) => (file.startsWith(join(DIST, 'django')) && file.endsWith('.py') ? texts[index]! : ''))
  .join('\n');

// the values the detector finds in the corpus, and the files holding each (copies of a file hold it too)
const foundIn = new Map<string, Set<number>>();
texts.forEach((text, index) => {
  for (const match of findSecrets(text)) {
    const value = text.slice(match.start, match.end);
    if (value.length < 8) continue;
    foundIn.set(value, (foundIn.get(value) ?? new Set()).add(index));
  }
});
const realValues = [...foundIn.keys()];
const madeUp = madeUpValues(valueCount);

// cost: alternating runs, medians
const times = {
  addOld: [] as number[],
  addNow: [] as number[],
  findOld: [] as number[],
  findNow: [] as number[],
};
let spansOld = 0;
let spansNow = 0;
for (let run = 0; run < runs; run++) {
  for (const [label, Known] of [
    ['Old', Old],
    ['Now', KnownNow],
  ] as const) {
    let start = process.hrtime.bigint();
    const known = new Known();
    for (const value of [...madeUp, ...realValues]) known.add(value);
    times[`add${label}`].push(ms(start));
    start = process.hrtime.bigint();
    const spans = known.find(django).length;
    times[`find${label}`].push(ms(start));
    if (label === 'Old') spansOld = spans;
    else spansNow = spans;
  }
}

// false alarms: every match over the corpus, of both sets of values
const listing: string[] = [];
const counts: Record<string, { old: number; now: number; elsewhere: number }> = {};
for (const [set, values] of [
  ['found in the corpus', realValues],
  [`${valueCount} made-up`, madeUp],
] as const) {
  const knownOld = new Old();
  const knownNow = new KnownNow();
  for (const value of values) {
    knownOld.add(value);
    knownNow.add(value);
  }
  const count = { old: 0, now: 0, elsewhere: 0 };
  texts.forEach((text, index) => {
    const was = new Set(knownOld.find(text).map((span) => `${span.start}:${span.end}`));
    count.old += was.size;
    for (const span of knownNow.find(text)) {
      count.now++;
      if (foundIn.get(span.value)?.has(index)) continue;
      count.elsewhere++;
      const line = text.slice(0, span.start).split('\n').length;
      const shown = text.slice(span.start, Math.min(span.end, span.start + 6));
      listing.push(
        `${was.has(`${span.start}:${span.end}`) ? ' ' : '+'} ${relative('/', corpusFiles[index]!)}:${line}  ${set}  ${shown}… (${span.end - span.start} characters) of ${span.value.slice(0, 4)}… (${span.value.length})`,
      );
    }
  });
  counts[set] = count;
}

const ratio = (now: number[], old: number[]) => (median(now) / median(old)).toFixed(2);
const markdown = `${table(
  ['measure', before, 'now', 'now / before'],
  [
    [
      `add ${valueCount + realValues.length} values (ms, median of ${runs})`,
      median(times.addOld).toFixed(1),
      median(times.addNow).toFixed(1),
      ratio(times.addNow, times.addOld),
    ],
    [
      `find in Django's .py files joined (${(django.length / 1e6).toFixed(1)} M characters; ms)`,
      median(times.findOld).toFixed(1),
      median(times.findNow).toFixed(1),
      ratio(times.findNow, times.findOld),
    ],
    ['spans found in Django', spansOld, spansNow, ''],
    ...Object.entries(counts).map(([set, count]) => [
      `matches over ${texts.length} files, values ${set} (not where found: ${count.elsewhere})`,
      count.old,
      count.now,
      '',
    ]),
  ],
)}\n\nData: ${texts.length} files of Debian's Python packages and the worktree's node_modules; ${realValues.length} values the detector finds there, ${valueCount} made-up values.`;
console.log(markdown);
console.log(
  '\n+ new with this version, blank: found by both; matches in a file a value was found in are not listed\n',
);
console.log(listing.join('\n'));
if (record())
  recordResults(
    'known-secret-forms',
    'Known secrets: the cost and false alarms of their forms (w196)',
    markdown,
    {
      origin: "real text: Debian's Python packages and npm packages; made-up secret values (synthetic)",
    },
  );

function record(): boolean {
  return process.argv.includes('--record');
}
