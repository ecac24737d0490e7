import { describe, expect, it } from 'vitest';
import { findingIds, flaskRoute } from '../../../test/support/rule-findings.js';

/**
 * w125 (OWASP BenchmarkPython's false flags): a value the handler fixes itself is not the request's, however
 * the handler picks it. A YAML load with an unsafe loader of text that folds to a constant loads nothing anyone
 * else wrote; a character of constant text is a constant, so a `match` or an `if` on it is decided. Each safe
 * shape has its twin, where the request's value reaches the same call, still reported.
 */
const HEAD = 'from flask import Flask, request\nimport yaml\napp = Flask(__name__)\n';
const ids = (body: string) =>
  findingIds(flaskRoute(HEAD, `    given = request.cookies.get("settings", "")\n${body}`), {
    keep: /^(?:unsafe-deserialization|path-traversal)@/,
  });

describe('an unsafe YAML loader given text the handler fixes', () => {
  it.each([
    [
      'a branch decided by constant arithmetic',
      '    limit = 40\n    if 3 * 50 - limit > 100:\n        text = "colour: blue"\n    else:\n        text = given\n',
      [],
    ],
    [
      'the other side of that branch',
      '    limit = 40\n    if 3 * 50 - limit < 100:\n        text = "colour: blue"\n    else:\n        text = given\n',
      ['unsafe-deserialization@12'],
    ],
    [
      'a conditional expression decided by constants',
      '    text = "colour: blue" if 6 * 7 == 42 else given\n',
      [],
    ],
    ['its twin', '    text = "colour: blue" if 6 * 7 == 41 else given\n', ['unsafe-deserialization@8']],
    [
      'a copy taken before the request was appended to the original',
      '    kept = ""\n    copy = kept\n    kept += given\n    copy += "colour: blue"\n    text = copy\n',
      [],
    ],
    [
      'the original the request was appended to',
      '    kept = ""\n    copy = kept\n    kept += given\n    copy += "colour: blue"\n    text = kept\n',
      ['unsafe-deserialization@12'],
    ],
  ])('%s', async (_what, body, expected) => {
    expect(await ids(`${body}    return str(yaml.load(text, Loader=yaml.Loader))`)).toEqual(expected);
  });

  it('the data given by keyword, or to load_all, is judged the same', async () => {
    expect(await ids('    return str(yaml.load(stream="a: 1", Loader=yaml.FullLoader))')).toEqual([]);
    expect(await ids('    return str(yaml.load(stream=given, Loader=yaml.FullLoader))')).toEqual([
      'unsafe-deserialization@7',
    ]);
    expect(await ids('    return str(list(yaml.load_all(given, yaml.UnsafeLoader)))')).toEqual([
      'unsafe-deserialization@7',
    ]);
  });

  it("a loader's parameter keeps the rule's severity where no caller is seen", async () => {
    const code = 'import yaml\n\ndef settings(text):\n    return yaml.load(text, Loader=yaml.Loader)\n';
    expect(await findingIds(code, { severity: true })).toEqual(['unsafe-deserialization@4:high']);
  });
});

describe('a character of constant text', () => {
  const matchOn = (index: string) =>
    `    letters = "XYZ"\n    pick = letters[${index}]\n    match pick:\n        case "X":\n            name = given\n        case "Y":\n            name = "report.txt"\n        case _:\n            name = given\n    return open("/srv/reports/" + name).read()`;

  it.each([
    ['decides a match on it', '1', []],
    ['counted from the end (Python)', '-2', []],
    ['the case that takes the request', '0', ['path-traversal@16']],
    ['the default case', '-1', ['path-traversal@16']],
    ['an index outside the text decides nothing', '5', ['path-traversal@16']],
  ])('%s', async (_what, index, expected) => {
    expect(await ids(matchOn(index))).toEqual(expected);
  });

  it('in JavaScript, a negative index is no character', async () => {
    const route = (index: string) =>
      `const fs = require("fs");\napp.get("/r", (req, res) => {\n  const letters = "XY";\n  const name = letters[${index}] === "Y" ? "report.txt" : req.query.name;\n  res.send(fs.readFileSync("/srv/reports/" + name));\n});\n`;
    const paths = (code: string) => findingIds(code, { language: 'javascript', keep: /^path-traversal@/ });
    expect(await paths(route('1'))).toEqual([]);
    expect(await paths(route('-1'))).toEqual(['path-traversal@5']);
  });
});

describe('a dict filled under constant keys, read by one of them', () => {
  const read = (body: string) =>
    ids(`${body}    return open("/srv/reports/" + name).read()`).then((found) => found.length > 0);
  const FILLED =
    '    table = {}\n    table["first"] = "summary.txt"\n    table["second"] = given\n    table["third"] = "notes.txt"\n';

  it.each([
    ['the constant entry', `${FILLED}    name = table["first"]\n`, false],
    [
      'the constant entry, after the other was read',
      `${FILLED}    name = table["second"]\n    name = table["first"]\n`,
      false,
    ],
    [
      'a literal with constant keys',
      '    table = {"first": "summary.txt", "second": given}\n    name = table["first"]\n',
      false,
    ],
    // still reported
    // (a limit, not a find: the dict keeps the data it once held, so none of its entries is trusted after this)
    [
      'an entry that held the request, written over with a constant',
      `${FILLED}    table["second"] = "x.txt"\n    name = table["first"]\n`,
      true,
    ],
    ['the entry holding the request', `${FILLED}    name = table["second"]\n`, true],
    [
      'an entry written over with the request',
      `${FILLED}    table["first"] = given\n    name = table["first"]\n`,
      true,
    ],
    ['a key the dict was not given', `${FILLED}    name = table["fourth"]\n`, true],
    [
      'a key read from a variable',
      `${FILLED}    which = request.args.get("k", "first")\n    name = table[which]\n`,
      true,
    ],
    [
      'written under a key not constant',
      `${FILLED}    table[given] = given\n    name = table["first"]\n`,
      true,
    ],
    [
      'one key on one branch only',
      `${FILLED}    if given:\n        table["first"] = given\n    name = table["first"]\n`,
      true,
    ],
    [
      'the dict passed to a function that may move entries',
      `${FILLED}    shuffle(table)\n    name = table["first"]\n`,
      true,
    ],
    [
      'the dict bound to a second name',
      `${FILLED}    other = table\n    other["first"] = other["second"]\n    name = table["first"]\n`,
      true,
    ],
    ['updated by a method', `${FILLED}    table.update(first=given)\n    name = table["first"]\n`, true],
    [
      'a bytes key beside a text key',
      '    table = {b"first": given, "first": "summary.txt"}\n    name = table[b"first"]\n',
      true,
    ],
    [
      'a key written with an escape',
      '    table = {"first": "summary.txt"}\n    table["\\x66irst"] = given\n    name = table["first"]\n',
      true,
    ],
    ['an entry deleted', `${FILLED}    del table["first"]\n    name = table["first"]\n`, true],
    [
      'an entry changed by its own method',
      '    table = {"first": [], "second": given}\n    table["first"].append(given)\n    name = table["first"][0]\n',
      true,
    ],
    [
      'entries moved in a loop',
      `${FILLED}    for _ in range(3):\n        name = table["first"]\n        table["first"] = table["second"]\n`,
      true,
    ],
    [
      'written in a nested function',
      `${FILLED}    def fill():\n        table["first"] = given\n    fill()\n    name = table["first"]\n`,
      true,
    ],
  ])('%s', async (_what, body, reported) => {
    expect(await read(body)).toBe(reported);
  });
});

describe("a ConfigParser's options, set and read under constant names", () => {
  const read = (body: string) =>
    ids(
      `    import configparser\n    conf = configparser.ConfigParser()\n    conf.add_section("files")\n    conf.set("files", "kept", "summary.txt")\n    conf.set("files", "chosen", given)\n${body}    return open("/srv/reports/" + name).read()`,
    ).then((found) => found.length > 0);

  it.each([
    ['the constant option', '    name = conf.get("files", "kept")\n', false],
    [
      'an option name in another case (ConfigParser lower-cases it)',
      '    name = conf.get("files", "KEPT")\n',
      false,
    ],
    // still reported
    ['the option holding the request', '    name = conf.get("files", "chosen")\n', true],
    ['the same option name in another case', '    name = conf.get("files", "Chosen")\n', true],
    [
      'the same name in another section',
      '    conf.add_section("other")\n    conf.set("other", "kept", given)\n    name = conf.get("other", "kept")\n',
      true,
    ],
    [
      'an option that interpolates another',
      '    conf.set("files", "kept", "%(chosen)s")\n    name = conf.get("files", "kept")\n',
      true,
    ],
    [
      'a read with a fallback or variables',
      '    name = conf.get("files", "kept", vars={"kept": given})\n',
      true,
    ],
    [
      'option names kept as written',
      '    conf.optionxform = str\n    conf.set("files", "Kept", given)\n    name = conf.get("files", "kept")\n',
      true,
    ],
    ['the parser read from a file too', '    conf.read(given)\n    name = conf.get("files", "kept")\n', true],
  ])('%s', async (_what, body, reported) => {
    expect(await read(body)).toBe(reported);
  });
});

describe('a list whose elements are appended and popped', () => {
  const read = (body: string) =>
    ids(
      `    items = []\n    items.append("summary.txt")\n    items.append(given)\n    items.append("notes.txt")\n${body}    return open("/srv/reports/" + name).read()`,
    ).then((found) => found.length > 0);

  it.each([
    ['an element left constant by a pop', '    items.pop(0)\n    name = items[1]\n', false],
    ['the last element', '    name = items[-1]\n', false],
    ['the first, after the last was popped', '    items.pop()\n    name = items[0]\n', false],
    // still reported
    ['the element the request moved to', '    items.pop(0)\n    name = items[0]\n', true],
    ['the request, read by its index', '    name = items[1]\n', true],
    ['the last element after a pop of it', '    items.pop()\n    name = items[-1]\n', true],
    [
      'appended on one branch only, read from the end',
      '    if given:\n        items.append(given)\n    name = items[-1]\n',
      true,
    ],
    ['an element put in front', '    items.insert(0, given)\n    name = items[0]\n', true],
    // w168: insert and extend followed by index, each with its twin still reported
    [
      'a constant put in front, the old first read',
      '    items.insert(0, "x.txt")\n    name = items[1]\n',
      false,
    ],
    [
      'a constant put in front, the request shifted',
      '    items.insert(0, "x.txt")\n    name = items[2]\n',
      true,
    ],
    ['a constant put before the last', '    items.insert(-1, "x.txt")\n    name = items[2]\n', false],
    [
      'the request, after a constant put before the last',
      '    items.insert(-1, "x.txt")\n    name = items[1]\n',
      true,
    ],
    [
      'an insert past the end, read from the end',
      '    items.insert(9, "x.txt")\n    name = items[-1]\n',
      false,
    ],
    [
      'an insert at an index not constant',
      '    items.insert(len(given), "x.txt")\n    name = items[0]\n',
      true,
    ],
    ['extended by a constant list', '    items.extend(["x.txt"])\n    name = items[3]\n', false],
    ['extended by the request', '    items.extend([given])\n    name = items[-1]\n', true],
    ['extended by a list not followed', '    items.extend(given.split())\n    name = items[3]\n', true],
    ['sorted', '    items.sort()\n    name = items[0]\n', true],
    ['an index outside the list', '    name = items[7]\n', true],
    ['an index not constant', '    name = items[len(given) % 3]\n', true],
    ['passed to a function', '    reorder(items)\n    name = items[0]\n', true],
    ['a pop in a loop', '    for _ in range(1):\n        items.pop(0)\n    name = items[0]\n', true],
  ])('%s', async (_what, body, reported) => {
    expect(await read(body)).toBe(reported);
  });
});

/**
 * Review r28: shapes where the entries kept for a holder were not what the program holds, each reported as on
 * main (the whole holder's data is read). Each case's read took a constant entry before the mend.
 */
describe('entries not trusted where the program may have changed them unseen', () => {
  const FILLED =
    '    table = {}\n    table["first"] = "summary.txt"\n    table["second"] = given\n    table["third"] = "notes.txt"\n';
  const ITEMS =
    '    items = []\n    items.append("summary.txt")\n    items.append(given)\n    items.append("notes.txt")\n';
  // the request first: the pop, were it taken as always run, would leave a constant in front
  const FRONT = '    items = [given, "summary.txt", given]\n';
  const CONF =
    '    import configparser\n    conf = configparser.ConfigParser()\n    conf.add_section("files")\n    conf.set("files", "kept", "summary.txt")\n    conf.set("files", "chosen", given)\n';
  const read = (body: string) =>
    ids(`${body}    return open("/srv/reports/" + name).read()`).then((found) => found.length > 0);

  it.each([
    // a second name for the holder
    [
      'a dict read by its second name',
      `${FILLED}    other = table\n    table["first"] = table["second"]\n    name = other["first"]\n`,
    ],
    [
      'a dict bound to two names at once',
      '    other = table = {"first": "summary.txt", "second": given}\n    table["first"] = table["second"]\n    name = other["first"]\n',
    ],
    [
      'a dict a helper changed through another name',
      `${FILLED}    view = table\n    normalise(table)\n    name = view["first"]\n`,
    ],
    ['a list read by its second name', `${ITEMS}    view = items\n    items.pop(0)\n    name = view[0]\n`],
    [
      'a list bound to two names at once',
      '    view = items = ["summary.txt", given]\n    items.pop(0)\n    name = view[0]\n',
    ],
    [
      'a parser read by its second name',
      `${CONF}    other = conf\n    conf.set("files", "kept", given)\n    name = other.get("files", "kept")\n`,
    ],
    // a pop at an index not known
    [
      'a pop at an index the request gives',
      `${ITEMS}    items.pop(int(request.args.get("k", "0")))\n    name = items[0]\n`,
    ],
    ['a pop at an index computed', `${ITEMS}    items.pop(len(given))\n    name = items[0]\n`],
    // a change that may or may not run
    ['a pop in an `and`', `${FRONT}    given and items.pop(0)\n    name = items[0]\n`],
    ['a pop in an `or`', `${FRONT}    given or items.pop(0)\n    name = items[0]\n`],
    [
      'a pop in a conditional expression',
      `${FRONT}    items.pop(0) if given else None\n    name = items[0]\n`,
    ],
    [
      'pops in a comprehension',
      `${FRONT}    [items.pop(0) for _ in range(len(given))]\n    name = items[0]\n`,
    ],
    [
      "a pop in a case's guard",
      `${FRONT}    match given:\n        case "x" if items.pop(0):\n            pass\n        case _:\n            pass\n    name = items[0]\n`,
    ],
    [
      'an option set in an `and`',
      `${CONF}    conf.set("files", "kept", given)\n    given and conf.set("files", "kept", "summary.txt")\n    name = conf.get("files", "kept")\n`,
    ],
    // text not as written
    [
      'an option named with an escape',
      `${CONF}    conf.set("files", "\\x4bept", given)\n    name = conf.get("files", "kept")\n`,
    ],
    // names bound by no syntax
    [
      'an entry written through locals()',
      `${FILLED}    locals()["table"]["first"] = given\n    name = table["first"]\n`,
    ],
  ])('%s', async (_what, body) => {
    expect(await read(body)).toBe(true);
  });

  it('a holder of more entries than are followed is read whole; a small one still by its entry', async () => {
    const many = (count: number) =>
      `    table = {}\n${Array.from({ length: count }, (_, at) => `    table["k${at}"] = "v${at}.txt"\n`).join('')}    table["z"] = given\n    name = table["k1"]\n`;
    expect(await read(many(80))).toBe(true);
    expect(await read(many(20))).toBe(false);
  });
});

describe('no condition decided on text not as written (an escape, bytes)', () => {
  const branch = (condition: string) =>
    ids(
      `    if ${condition}:\n        name = given\n    else:\n        name = "report.txt"\n    return open("/srv/reports/" + name).read()`,
    ).then((found) => found.length > 0);

  it.each([
    ['an escape compared (missed on main too)', '"\\x41" == "A"'],
    ['a bytes literal compared with text', 'b"A" != "A"'],
    ['a character of text with an escape', '"\\x41BC"[0] == "A"'],
    ['a character of text with a named escape', '"\\N{DIGIT ONE}BC"[0] == "1"'],
    ['an element of bytes (an int in Python)', 'b"ABC"[0] == 65'],
    ['text with an escape, joined', '("\\x41" + "B") == "AB"'],
  ])('%s', async (_what, condition) => {
    expect(await branch(condition)).toBe(true);
  });

  it('plain text still decides', async () => {
    expect(await branch('"ABC"[0] == "B"')).toBe(false);
    expect(await branch('"A" + "B" == "AC"')).toBe(false);
  });

  it('in JavaScript, a character of text with an escape decides nothing', async () => {
    const code =
      'const fs = require("fs");\napp.get("/r", (req, res) => {\n  const name = "\\x41B"[0] === "A" ? req.query.name : "report.txt";\n  res.send(fs.readFileSync("/srv/reports/" + name));\n});\n';
    expect(await findingIds(code, { language: 'javascript', keep: /^path-traversal@/ })).toEqual([
      'path-traversal@4',
    ]);
  });
});
