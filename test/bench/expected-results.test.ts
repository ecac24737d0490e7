import { describe, expect, it } from 'vitest';
import { parseExpected, scoreByCategory } from '../../bench/security/expected-results.js';

// an answer key in the OWASP Benchmark's format, written here (no Benchmark data)
const KEY = [
  '# test name, category, real vulnerability, cwe, Benchmark version: 0.0, made up',
  'BenchmarkTest00001,pathtraver,true,22',
  'BenchmarkTest00002,pathtraver,true,22',
  'BenchmarkTest00003,pathtraver,false,22',
  'BenchmarkTest00004,pathtraver,false,22',
  'BenchmarkTest00005,xpathi,false,643',
  'BenchmarkTest00006,sqli,true,89',
  '',
].join('\n');

describe('an OWASP Benchmark answer key', () => {
  it('reads each test line and skips comments and blank lines', () => {
    const key = parseExpected(KEY);
    expect(key.size).toBe(6);
    expect(key.get('BenchmarkTest00001')).toEqual({ category: 'pathtraver', real: true, cwe: 22 });
    expect(key.get('BenchmarkTest00005')).toEqual({ category: 'xpathi', real: false, cwe: 643 });
  });

  it('refuses a line that is not a test line, and a test given twice', () => {
    expect(() => parseExpected('BenchmarkTest00001,pathtraver,yes,22\n')).toThrow(/line 1/);
    expect(() =>
      parseExpected('BenchmarkTest00001,sqli,true,89\nBenchmarkTest00001,sqli,false,89\n'),
    ).toThrow(/twice/);
  });

  it('scores TPR over the real tests and FPR over the safe ones, per category', () => {
    const key = parseExpected(KEY);
    const scores = scoreByCategory(
      [
        { name: 'BenchmarkTest00001.py', reported: true },
        { name: 'BenchmarkTest00002.py', reported: false },
        { name: 'BenchmarkTest00003.py', reported: true },
        { name: 'BenchmarkTest00004.py', reported: false },
        { name: 'BenchmarkTest00005', reported: false },
      ],
      key,
    );
    expect(scores).toEqual([
      { category: 'pathtraver', real: 2, safe: 2, truePositives: 1, falsePositives: 1, tpr: 0.5, fpr: 0.5 },
      // no real xpathi test was scanned: no TPR, not a TPR of 0
      { category: 'xpathi', real: 0, safe: 1, truePositives: 0, falsePositives: 0, tpr: undefined, fpr: 0 },
    ]);
  });

  it('refuses a verdict on a test the key does not hold', () => {
    expect(() =>
      scoreByCategory([{ name: 'BenchmarkTest00099.py', reported: true }], parseExpected(KEY)),
    ).toThrow(/not in the expected results/);
  });
});
