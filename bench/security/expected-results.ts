/**
 * An OWASP Benchmark answer key (`expectedresults-<version>.csv`: `BenchmarkTestNNNNN,category,true|false,cwe`
 * a line, `#` lines are comments) and the scoring it allows: per category, of the tests a tool was run on,
 * the share of real weaknesses it reports (TPR) and of safe tests it reports anyway (FPR), as the
 * Benchmark's own scorecards count them.
 */

/** One test's expected answer. */
export interface Expected {
  category: string;
  real: boolean;
  cwe: number;
}

/** A tool's verdict on one test: did it report a weakness of the test's category? */
export interface Verdict {
  name: string;
  reported: boolean;
}

/** One category's score for one tool; `tpr` or `fpr` is undefined when there is nothing to divide by. */
export interface CategoryScore {
  category: string;
  real: number;
  safe: number;
  truePositives: number;
  falsePositives: number;
  tpr: number | undefined;
  fpr: number | undefined;
}

/** The answer key by test name (`BenchmarkTest00001`); a line that is not a test line is an error. */
export function parseExpected(text: string): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(BenchmarkTest\d+),([a-z]+),(true|false),(\d+)$/.exec(line);
    if (!match) throw new Error(`expected results, line ${index + 1}: not a test line: ${line.slice(0, 80)}`);
    const [, name, category, real, cwe] = match;
    if (expected.has(name!)) throw new Error(`expected results, line ${index + 1}: ${name} twice`);
    expected.set(name!, { category: category!, real: real === 'true', cwe: Number(cwe) });
  }
  return expected;
}

/**
 * Per category (the answer key's), the score of the verdicts given, by test name with or without `.py`.
 * A verdict on a test the key does not hold is an error: a partial copy must be a subset of the key.
 */
export function scoreByCategory(verdicts: Verdict[], expected: Map<string, Expected>): CategoryScore[] {
  const scores = new Map<string, CategoryScore>();
  for (const verdict of verdicts) {
    const name = verdict.name.replace(/\.py$/, '');
    const answer = expected.get(name);
    if (!answer) throw new Error(`${name} is not in the expected results`);
    let score = scores.get(answer.category);
    if (!score) {
      score = {
        category: answer.category,
        real: 0,
        safe: 0,
        truePositives: 0,
        falsePositives: 0,
        tpr: undefined,
        fpr: undefined,
      };
      scores.set(answer.category, score);
    }
    if (answer.real) {
      score.real++;
      if (verdict.reported) score.truePositives++;
    } else {
      score.safe++;
      if (verdict.reported) score.falsePositives++;
    }
  }
  return [...scores.values()]
    .map((score) => ({
      ...score,
      tpr: score.real ? score.truePositives / score.real : undefined,
      fpr: score.safe ? score.falsePositives / score.safe : undefined,
    }))
    .sort((a, b) => a.category.localeCompare(b.category));
}
