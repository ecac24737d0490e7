import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testFolder } from '../../../test/support/test-folders.js';
import { UsageError } from '../../core/errors.js';
import { findDatasetsDir } from '../datasets-dir.js';
import { truncateAtStopTokens } from '../problem.js';
import { loadBenchmark, mbppFormOf } from './index.js';

const datasets = findDatasetsDir();

function tempDatasets(files: Record<string, string | Buffer>): string {
  const dir = testFolder('vouch-datasets-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const good = {
  task_id: 'X/0',
  prompt: 'def f():\n',
  canonical_solution: '    return 1\n',
  test: 'def check(c):\n    assert c() == 1\n',
  entry_point: 'f',
};

describe('dataset loaders: bad records', () => {
  it('names file:line of a record that fails validation', () => {
    const lines = [JSON.stringify(good), JSON.stringify({ ...good, entry_point: 7 }), JSON.stringify(good)];
    const dir = tempDatasets({ 'humaneval/HumanEval.jsonl.gz': gzipSync(lines.join('\n')) });
    let error: unknown;
    try {
      loadBenchmark('humaneval', { datasets: dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/HumanEval\.jsonl\.gz:2: entry_point/);
  });

  it('names file:line of a line that is not JSON', () => {
    const dir = tempDatasets({
      'mbpp/mbxp_mbtsp_release_v1.2.jsonl': `\n{"task_id": "MBTSP/1"\n`,
    });
    expect(() => loadBenchmark('mbpp-ts', { datasets: dir })).toThrow(
      /mbxp_mbtsp_release_v1\.2\.jsonl:2: not valid JSON/,
    );
  });

  it('says where to point --datasets when a file is missing', () => {
    const dir = tempDatasets({});
    expect(() => loadBenchmark('humaneval-ts', { datasets: dir })).toThrow(/cannot find the dataset file/);
  });

  it('refuses an unknown benchmark with the list of known ones', () => {
    expect(() => loadBenchmark('apps', { datasets: '/nowhere' })).toThrow(/unknown benchmark/);
  });
});

describe('program construction', () => {
  it('builds human-eval’s check program exactly', () => {
    const dir = tempDatasets({ 'humaneval/HumanEval.jsonl.gz': gzipSync(JSON.stringify(good)) });
    const benchmark = loadBenchmark('humaneval', { datasets: dir });
    expect(benchmark.program(benchmark.problems[0]!, '    return 2')).toBe(
      'def f():\n    return 2\ndef check(c):\n    assert c() == 1\n\ncheck(f)',
    );
  });

  it('cuts MultiPL-E completions at the earliest stop token', () => {
    expect(truncateAtStopTokens('  return 1;\n}\n// done\nfunction g() {', ['\nfunction ', '\n//'])).toBe(
      '  return 1;\n}',
    );
  });

  it('tells MBPP’s forms apart by their task ids', () => {
    expect(mbppFormOf(['MBPP/11'])).toBe('mbxp');
    expect(mbppFormOf(['11'])).toBe('original');
  });
});

describe.skipIf(!datasets)(
  'the shared datasets (skipped: ../shared/datasets not found; set VOUCH_DATASETS)',
  () => {
    it('loads every record of the five files', () => {
      const dir = datasets!;
      expect(loadBenchmark('humaneval', { datasets: dir }).problems).toHaveLength(164);
      expect(loadBenchmark('mbpp', { datasets: dir, mbppForm: 'original' }).problems).toHaveLength(974);
      expect(loadBenchmark('mbpp', { datasets: dir, mbppForm: 'mbxp' }).problems).toHaveLength(974);
      expect(loadBenchmark('humaneval-ts', { datasets: dir }).problems).toHaveLength(159);
      expect(loadBenchmark('mbpp-ts', { datasets: dir }).problems).toHaveLength(968);
    });

    it('adds MBPP’s test_setup_code before the tests of the two tasks that need it', () => {
      const mbpp = loadBenchmark('mbpp', { datasets: datasets!, mbppForm: 'original' });
      const problem = mbpp.problems.find((entry) => entry.taskId === '367')!;
      const program = mbpp.program(problem, 'def is_tree_balanced(root): return False');
      expect(program.indexOf('root = Node(1)')).toBeGreaterThan(0);
      expect(program.indexOf('root = Node(1)')).toBeLessThan(program.indexOf('assert'));
    });
  },
);
