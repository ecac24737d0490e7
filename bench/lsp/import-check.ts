/**
 * The warm imports check of a completion that adds an import (issue 21), alone: one warm import probe
 * (the language server's: a sandboxed worker holding the modules) over Django, asked about one-line
 * import statements whose modules and names it holds, as a completion's check asks. Two ways, alternating
 * check by check: the probe run in a child forked from the worker (how every check ran before the 16th
 * round, and how the gate's checks of a whole buffer still run), and answered in the worker itself
 * (`inWorker`: the probe's fast mode, dict lookups on modules it holds). Both compare the worker's module
 * files with the disk first (`checkHeld`). Every pair's answers must be the same, or the bench fails.
 *
 *   nice -n 10 npm run bench:import-check [-- checks per way]
 */
import { loadavg } from 'node:os';
import { WarmImportProbe } from '../../src/verify/index.js';
import { EVALUATION_TREES, treeDir } from '../context/trees.js';
import { ms, percentile, recordResults, table } from '../results.js';

const CHECKS = Number(process.argv[2] ?? 60);
const STATEMENTS = [
  'from django.urls import get_resolver',
  'from django.db.migrations.loader import MigrationLoader',
  'from django.db.models import Q, F',
  'from django.utils.text import capfirst',
  'from django.core.exceptions import ValidationError',
  'import django.db.models.functions',
  'from django.forms import ModelForm',
  'from django.template import engines',
];

const root = treeDir(EVALUATION_TREES.find((tree) => tree.name === 'django')!);
const probe = new WarmImportProbe(root);
const stdinOf = (statement: string) =>
  JSON.stringify({ source: `${statement}\n`, project: root, path: 'django/core/new.py' });
const specs = STATEMENTS.flatMap((statement) => {
  const from = /^from (\S+) import (.+)$/.exec(statement);
  if (!from) return [statement.replace(/^import /, '')];
  const names = from[2]!.split(',').map((name) => name.trim());
  return [from[1]!, ...names.map((name) => `${from[1]}:${name}`)];
});

const load = loadavg()[0]!;
// the worker starts and keeps every statement's modules (one job each); then a check of each warms up
probe.keepModules(specs);
for (let attempt = 0; attempt < 60 && !(await probe.run(stdinOf(STATEMENTS[0]!))); attempt++)
  await new Promise((resolve) => setTimeout(resolve, 500));
await new Promise((resolve) => setTimeout(resolve, 3_000));
for (const statement of STATEMENTS) await probe.run(stdinOf(statement));

const ways = {
  child: { trip: [] as number[], job: [] as number[] },
  'in the worker': { trip: [] as number[], job: [] as number[] },
};
for (let index = 0; index < CHECKS; index++) {
  const stdin = stdinOf(STATEMENTS[index % STATEMENTS.length]!);
  const answers: string[] = [];
  // alternating which way goes first, so neither always follows the other
  const order = index % 2 ? (['in the worker', 'child'] as const) : (['child', 'in the worker'] as const);
  for (const way of order) {
    const started = performance.now();
    // `background` is how the gate asks: no inWorker, so the probe runs in a child
    const result = await probe.run(stdin, undefined, way === 'child');
    const trip = performance.now() - started;
    if (!result) throw new Error(`the warm probe could not answer (${probe.coldReason})`);
    ways[way].trip.push(trip);
    ways[way].job.push(result.durationMs);
    answers.push(result.stdout);
  }
  if (answers[0] !== answers[1])
    throw new Error(`the two ways answered differently for ${stdin}:\n${answers[0]}\n${answers[1]}`);
}

const rows = Object.entries(ways).map(([way, { trip, job }]) => [
  way,
  trip.length,
  ms(percentile(trip, 50)),
  ms(percentile(trip, 90)),
  ms(percentile(job, 50)),
]);
const markdown = `${table(['the probe runs', 'checks', 'round trip p50', 'round trip p90', 'in the worker p50'], rows)}

One warm import probe over Django (bench/.work/trees/django), asked about ${STATEMENTS.length} one-line import
statements whose modules and names the worker holds (what a completion that adds an import asks), the two
ways alternating check by check, every pair answering the same. "Round trip": from the editor's call to
the answer, with the worker's comparison of the module files it holds against the disk; "in the worker":
the job's own time there (the child's fork, run and reaping, or the in-worker answer). Load average (1 min)
at the start: ${load.toFixed(1)} on 2 cores shared with other sessions.`;
console.log(markdown);
recordResults(
  'import-check',
  'Warm imports check: in the worker against a forked child (issue 21)',
  markdown,
  { origin: 'real code: Django (bench/.work/trees/django), one-line import statements' },
);
process.exit(0);
