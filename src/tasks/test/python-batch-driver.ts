import { shippedText } from '../../core/package-root.js';

/**
 * The program one warm Python worker runs for a batch of mutants. It imports the test framework once,
 * then forks one child per mutant (inside the same sandbox): the child loads the mutant under the
 * module's names and runs the suite, stopping at the first failure; the parent waits for it with a
 * deadline, keeps the first lines of what it printed, and reports one JSON result per mutant at the end on
 * the job's report channel (src/core/report-channel.ts), which each child closes before it loads anything:
 * what a mutant or the suite prints is its output, never a result.
 * Importing pytest costs a second or more on a loaded machine; paying it once per worker, not once per
 * mutant, is what makes a mutation score take seconds.
 *
 * Pytest-style suites (test functions, `Test*` classes, `pytest.mark.parametrize`, `pytest.raises`) run
 * under a small runner that calls each test; a suite that needs fixtures (a test taking an argument no
 * parametrize mark gives) exits 3, and the batch runs the suite through `pytest.main` instead.
 * The program is `python/mutation_batch_driver.py`, shipped with the package.
 */
export function pythonBatchDriver(): string {
  return shippedText('python/mutation_batch_driver.py');
}
