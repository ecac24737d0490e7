import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandWords } from '../src/command-words.js';

/** The debug command's typed command line, split as a shell splits it (no shell runs it). */
describe('commandWords', () => {
  it('splits on spaces and keeps quoted words whole', () => {
    assert.deepEqual(commandWords('python3 -m pytest -x tests/test_a.py::test_b'), [
      'python3',
      '-m',
      'pytest',
      '-x',
      'tests/test_a.py::test_b',
    ]);
    assert.deepEqual(commandWords(`python3 -c "import sys; sys.exit(3)"`), [
      'python3',
      '-c',
      'import sys; sys.exit(3)',
    ]);
    assert.deepEqual(commandWords(`node -e 'console.log("a b")'  ''`), [
      'node',
      '-e',
      'console.log("a b")',
      '',
    ]);
    assert.deepEqual(commandWords('echo a\\ b "c\\"d"'), ['echo', 'a b', 'c"d']);
  });

  it('says so when a quote is left open', () => {
    assert.match(String(commandWords('python3 -c "print(1)')), /unclosed "/);
  });
});
