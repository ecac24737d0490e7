/**
 * Mutation-scoring speed for `vouch test`: a 50-line function with about 30 mutants, scored against its
 * suite in the warm sandboxed workers (the target is ≤ 10 s on this machine). Written before tuning:
 * the first run (pytest.main per mutant) is kept in the record (bench/results/tasks2-mutation.jsonl) beside the batch driver's.
 *
 *   npx tsx bench/tasks2/mutation.ts [--runs 3]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeMutants, openHarness, readTarget, runMutants } from '../../src/tasks/index.js';
import { recordResults, table } from '../results.js';

const PYTHON = `def invoice_total(lines, country="DE", coupon=None, member_years=0):
    """Total of an invoice: line prices times quantities, volume discount, coupon, loyalty, VAT."""
    if not lines:
        return 0.0
    subtotal = 0.0
    items = 0
    for price, quantity in lines:
        if price < 0 or quantity <= 0:
            raise ValueError("price must be >= 0 and quantity > 0")
        subtotal += price * quantity
        items += quantity
    discount = 0.0
    if items >= 100:
        discount = 0.15
    elif items >= 20:
        discount = 0.1
    elif items > 5:
        discount = 0.05
    subtotal = subtotal * (1 - discount)
    if coupon is not None:
        if coupon.startswith("FLAT"):
            subtotal = subtotal - int(coupon[4:])
        elif coupon.startswith("PCT"):
            percent = int(coupon[3:])
            if percent > 50:
                percent = 50
            subtotal = subtotal * (100 - percent) / 100
    if subtotal < 0:
        subtotal = 0.0
    if member_years >= 5:
        subtotal -= 10
    elif member_years >= 2:
        subtotal -= 5
    if subtotal < 0:
        subtotal = 0.0
    rates = {"DE": 19, "FR": 20, "UK": 20}
    rate = rates.get(country, 0)
    vat = subtotal * rate / 100
    total = subtotal + vat
    if total > 10000:
        total = total - 1
    shipping = 0.0
    if total < 50:
        shipping = 4.9
    total = total + shipping
    total = round(total, 2)
    return total
`;

const SUITE = `import pytest
from invoice import invoice_total


def test_empty():
    assert invoice_total([]) == 0.0


def test_small_order_pays_shipping():
    assert invoice_total([(10.0, 2)]) == 28.7


def test_volume_discount():
    assert invoice_total([(10.0, 20)], country="FR") == 216.0


def test_big_volume():
    assert invoice_total([(1.0, 100)], country="XX") == 85.0


def test_flat_coupon():
    assert invoice_total([(100.0, 1)], coupon="FLAT10") == 107.1


def test_percent_coupon_is_capped():
    assert invoice_total([(100.0, 1)], coupon="PCT80", country="XX") == 50.0


def test_loyalty():
    assert invoice_total([(100.0, 1)], member_years=5, country="XX") == 90.0


def test_bad_quantity():
    with pytest.raises(ValueError):
        invoice_total([(1.0, 0)])
`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const root = mkdtempSync(join(tmpdir(), 'vouch-bench-mutation-'));
writeFileSync(join(root, 'invoice.py'), PYTHON);
const rows: (string | number)[][] = [];
const load: number[] = [];
try {
  const target = await readTarget({ root, path: 'invoice.py', symbolName: 'invoice_total', command: 'test' });
  const totals: number[] = [];
  const opens: number[] = [];
  const scores: number[] = [];
  let summary = '';
  for (let run = 0; run < runs; run++) {
    load.push(loadavg()[0] ?? 0);
    const started = performance.now();
    const made = await makeMutants({
      source: target.source,
      language: target.language,
      range: target,
      limit: 30,
    });
    const mutated = performance.now();
    const harness = await openHarness({
      target,
      suite: SUITE,
      framework: 'pytest',
      context: { workspaceRoot: root, config: {} },
    });
    const opened = performance.now();
    const results = await runMutants(harness, made.mutants);
    const scored = performance.now();
    await harness.close();
    const killed = results.filter(
      (entry) => entry.outcome === 'killed' || entry.outcome === 'timeout',
    ).length;
    totals.push(scored - started);
    opens.push(opened - mutated);
    scores.push(scored - opened);
    summary = `${made.mutants.length} mutants (of ${made.candidates}), ${killed} killed, harness ${harness.kind} (${harness.mode ?? ''})`;
    rows.push([
      run + 1,
      made.mutants.length,
      killed,
      Math.round(mutated - started),
      Math.round(opened - mutated),
      Math.round(scored - opened),
      Math.round(scored - started),
    ]);
  }
  const markdown = `${table(['run', 'mutants', 'killed', 'make ms', 'pool + baseline ms', 'score ms', 'total ms'], rows)}

${summary}. Median total ${(median(totals) / 1000).toFixed(2)} s (pool start and baseline ${(median(opens) / 1000).toFixed(2)} s, scoring ${(median(scores) / 1000).toFixed(2)} s); target ≤ 10 s. Load average (1 min) during the runs: ${load.map((value) => value.toFixed(1)).join(', ')} on a shared machine.

First design, before tuning (kept for comparison, measured once by hand at load ≈ 15): one warm-pool job per mutant, each running \`pytest.main\` in a child forked from the warm interpreter, scored 21 mutants of a 10-line function in 13.1 s (≈ 1.1 s per mutant, nearly all of it importing pytest). The batch driver imports the framework once per worker and forks a child per mutant: ≈ 40 ms per mutant.`;
  console.log(markdown);
  recordResults('tasks2-mutation', 'vouch test: mutation score of a 50-line function (issue 19)', markdown, {
    origin: 'synthetic: a 50-line Python function and its tests (bench/tasks2/mutation.ts)',
  });
} finally {
  rmSync(root, { recursive: true, force: true });
}
