import { describe, expect, it } from 'vitest';
import { specialCasedInputs } from './special-case.js';

const FAILURE = `    def test_name():
>       assert name_of('http://b.com/:z') == 'z'
E       AssertionError: assert '' == 'z'
`;
const BEFORE = "def name_of(url):\n    return url.rsplit('/', 1)[-1]\n";

describe('specialCasedInputs: a fix that only makes the failing input pass (issue 57)', () => {
  it("finds the failing test's own input compared in a line the fix adds", () => {
    const after =
      "def name_of(url):\n    if url == 'http://b.com/:z':\n        return 'z'\n    return url.rsplit('/', 1)[-1]\n";
    expect(specialCasedInputs([{ text: BEFORE, after }], FAILURE)).toEqual(['http://b.com/:z']);
  });

  it('finds a number too, and nothing in a general fix or in lines the file had', () => {
    expect(
      specialCasedInputs(
        [
          {
            text: 'def f(x):\n    return x\n',
            after: 'def f(x):\n    if x == 13.37:\n        return 0\n    return x\n',
          },
        ],
        'assert f(13.37) == 0',
      ),
    ).toEqual(['13.37']);
    const general = "def name_of(url):\n    return url.rsplit('/', 1)[-1].lstrip(':')\n";
    expect(specialCasedInputs([{ text: BEFORE, after: general }], FAILURE)).toEqual([]);
    const kept = "def name_of(url):\n    if url == 'http://b.com/:z':\n        pass\n";
    expect(specialCasedInputs([{ text: kept, after: `${kept}    return 1\n` }], FAILURE)).toEqual([]);
  });
});
