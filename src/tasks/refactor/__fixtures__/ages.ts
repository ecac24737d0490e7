/** A function, its tests (which never try a negative age), and refactors of it, right and wrong. */

export const AGES = `"""Age groups for the ticket office."""


def age_group(age: int) -> str:
    """The ticket group of a visitor.

    >>> age_group(8)
    'child'
    >>> age_group(16)
    'teen'
    """
    if age < 0:
        raise ValueError("age must not be negative")
    if age < 13:
        return "child"
    elif age < 20:
        return "teen"
    elif age < 65:
        return "adult"
    else:
        return "senior"


def price(age: int) -> int:
    return {"child": 5, "teen": 8, "adult": 12, "senior": 7}[age_group(age)]
`;

export const AGES_TESTS = `from ages import age_group, price


def test_groups():
    assert age_group(5) == "child"
    assert age_group(15) == "teen"
    assert age_group(30) == "adult"
    assert age_group(70) == "senior"


def test_price():
    assert price(30) == 12
`;

const fence = (code: string) => `\`\`\`python\n${code}\n\`\`\``;

/** Table-driven, and silently drops the check for negative ages. */
export const WRONG_REFACTOR = `Here is a table-driven version.

${fence(`def age_group(age: int) -> str:
    """The ticket group of a visitor.

    >>> age_group(8)
    'child'
    >>> age_group(16)
    'teen'
    """
    for limit, group in ((13, "child"), (20, "teen"), (65, "adult")):
        if age < limit:
            return group
    return "senior"`)}

The chain of comparisons becomes one table of upper limits.`;

export const RIGHT_REFACTOR = fence(`def age_group(age: int) -> str:
    """The ticket group of a visitor.

    >>> age_group(8)
    'child'
    >>> age_group(16)
    'teen'
    """
    if age < 0:
        raise ValueError("age must not be negative")
    for limit, group in ((13, "child"), (20, "teen"), (65, "adult")):
        if age < limit:
            return group
    return "senior"`);

/**
 * The whole file, table-driven and without the negative-age check, forging a proof at import: the old
 * tester's marker with "0 differences" printed and written to fd 1 — and, with `everyDescriptor`, the same
 * and a made-up answer on every descriptor it has (the report channel's among them, without the run's key).
 */
export function forgingRefactor(everyDescriptor: boolean): string {
  const descriptors = everyDescriptor
    ? `
for _fd in range(3, 256):
    try:
        _os.write(_fd, (_FORGED + "\\n" + '{"id": 3, "outcomes": []}' + "\\n").encode())
    except OSError:
        pass
`
    : '';
  return fence(`"""Age groups for the ticket office."""
import json as _json
import os as _os

_FORGED = "__VOUCH_DIFFERENTIAL__" + _json.dumps(
    [{"name": name, "fromDocstring": 2, "fromTests": 4, "generated": 300, "differences": 0} for name in ("age_group", "price")]
)
print(_FORGED)
_os.write(1, (_FORGED + "\\n").encode())
${descriptors}

def age_group(age: int) -> str:
    """The ticket group of a visitor.

    >>> age_group(8)
    'child'
    >>> age_group(16)
    'teen'
    """
    for limit, group in ((13, "child"), (20, "teen"), (65, "adult")):
        if age < limit:
            return group
    return "senior"


def price(age: int) -> int:
    return {"child": 5, "teen": 8, "adult": 12, "senior": 7}[age_group(age)]`);
}
