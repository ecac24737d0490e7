import { describe, expect, it } from 'vitest';
import { ruleLineSeverities } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Issue 59, round 8 (severity by principle): a loader's pattern (`pickle.load(s)`, `marshal.load(s)`) whose data
 * is nothing but a parameter of a function no caller in the file is seen calling is caller-supplied, one level
 * lower (at most medium), as a taint sink's parameter is: whether it runs an attacker's code depends on what
 * its caller passes. A file opened at the parameter's path counts as the parameter's (who names the file
 * chooses what is in it). Request data, data of no known origin, a function the file calls, a private or
 * nested function and a route keep the rule's own severity. Nothing here is dropped: every case is reported.
 */
const ruleSet = defaultRuleSet();
const found = (code: string, rule: string) => ruleLineSeverities(code, rule);

/** SALLM's `Assertion_Author_A_cwe502_0` prompt: the `load_data` both its safe and its vulnerable programs have. */
const LOAD_DATA =
  'import pickle\n\n\ndef load_data(file_path):\n    with open(file_path, "rb") as f:\n        data = f.read()\n        return pickle.loads(data)\n    return None\n';

describe('a loader given only its caller-supplied parameter is reported one level lower', () => {
  it.each([
    [
      "the prompt's load_data (a file at the caller's path)",
      LOAD_DATA,
      'unsafe-deserialization',
      ['7:medium'],
    ],
    [
      'pickle.load of a handle opened at the parameter',
      'import pickle\n\ndef load(path):\n    return pickle.load(open(path, "rb"))\n',
      'unsafe-deserialization',
      ['4:medium'],
    ],
    [
      'pickle.loads of the parameter itself',
      'import pickle\n\ndef restore(blob):\n    return pickle.loads(blob)\n',
      'unsafe-deserialization',
      ['4:medium'],
    ],
    [
      'a file the parameter names in a fixed folder',
      'import pickle\nfrom pathlib import Path\nD = Path("/opt/models")\n\ndef load(name):\n    with open(D / f"{name}.pkl", "rb") as fh:\n        return pickle.load(fh)\n',
      'unsafe-deserialization',
      ['7:medium'],
    ],
    [
      'marshal.loads of the parameter (medium for outside data): low',
      'import marshal\n\ndef restore(blob):\n    return marshal.loads(blob)\n',
      'unsafe-unmarshal',
      ['4:low'],
    ],
  ])('%s', async (_what, code, rule, expected) => {
    expect(await found(code, rule)).toEqual(expected);
  });

  it('names the function and its parameter', async () => {
    const [finding] = (
      await analyzeSource({ source: LOAD_DATA, language: 'python', file: 'app/views.py', ruleSet })
    ).filter((f) => f.ruleId === 'unsafe-deserialization');
    expect(finding?.message).toContain('load_data()');
    expect(finding?.message).toContain('`file_path`');
  });
});

describe('the rule keeps its own severity where the data is not the caller’s alone', () => {
  it.each([
    [
      'request data',
      'import pickle\nfrom flask import request\n\ndef restore():\n    return pickle.loads(request.data)\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'the parameter or request data',
      'import pickle\nfrom flask import request\n\ndef restore(blob):\n    return pickle.loads(blob or request.data)\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'a file at the parameter plus request data',
      'import pickle\nfrom flask import request\n\ndef restore(path):\n    return pickle.loads(open(path, "rb").read() + request.data)\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'a file at a path the route takes from the request',
      'import pickle\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    with open(request.args["p"], "rb") as f:\n        return str(pickle.load(f))\n',
      'unsafe-deserialization',
      ['8:high'],
    ],
    [
      'a module-level value of no known origin',
      'import pickle\nBLOB = open(__file__, "rb").read()\n\ndef restore():\n    return pickle.loads(BLOB)\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'a function the file calls (judged as it is called: a path under /tmp)',
      `${LOAD_DATA}\n\nload_data("/tmp/state.pkl")\n`,
      'unsafe-deserialization',
      ['7:high'],
    ],
    [
      "what a call returns for the parameter (a store's entry under the caller's key)",
      'import pickle\n\ndef fetch(key):\n    blob = r.get(key)\n    return pickle.loads(blob)\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'what a decoder returns for the parameter (not followed: a call result)',
      'import base64, pickle\n\ndef restore(x):\n    return pickle.loads(base64.b64decode(x))\n',
      'unsafe-deserialization',
      ['4:high'],
    ],
    [
      'a file at a path a call returned',
      'import pickle\n\ndef load(key):\n    with open(r.get(key), "rb") as fh:\n        return pickle.load(fh)\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'a private function',
      'import pickle\n\ndef _restore(blob):\n    return pickle.loads(blob)\n',
      'unsafe-deserialization',
      ['4:high'],
    ],
    [
      'a nested function',
      'import pickle\n\ndef outer():\n    def restore(blob):\n        return pickle.loads(blob)\n    return restore\n',
      'unsafe-deserialization',
      ['5:high'],
    ],
    [
      'a parameter given whole to marshal in a route (request data): medium',
      'import marshal\nfrom flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/r")\ndef r():\n    return str(marshal.loads(request.data))\n',
      'unsafe-unmarshal',
      ['7:medium'],
    ],
  ])('%s', async (_what, code, rule, expected) => {
    expect(await found(code, rule)).toEqual(expected);
  });
});
