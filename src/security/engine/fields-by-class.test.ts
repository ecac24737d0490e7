import { describe, expect, it } from 'vitest';
import { findingIds, ofRule } from '../../../test/support/rule-findings.js';

/**
 * Issue 59 (w70): what `self.x`/`this.x` hold is kept per class node, as methods are since w62 (review F4), not
 * per class name: two classes of one name in a file (in two branches, nested in two functions) are two classes,
 * and one's field does not reach the other's methods.
 */
const ids = (code: string, language: 'python' | 'javascript' = 'python') =>
  findingIds(code, {
    language,
    file: language === 'python' ? 'app/jobs.py' : 'app/jobs.js',
    keep: ofRule('command-injection'),
    sort: true,
  });

const HEAD = 'import os, sys\nfrom flask import request\n';

describe('fields of two classes of one name', () => {
  it('in two branches: only the class that stores request data runs it', async () => {
    const code = `${HEAD}if sys.argv[1:]:
    class Job:
        def load(self):
            self.cmd = request.args["c"]
        def run(self):
            os.system(self.cmd)
else:
    class Job:
        def load(self):
            self.cmd = "ls"
        def run(self):
            os.system(self.cmd)
`;
    expect(await ids(code)).toEqual(['command-injection@8']);
  });

  it('nested in two functions: the second class never stores request data', async () => {
    const code = `${HEAD}def make_a():
    class Job:
        def run(self):
            os.system(self.cmd)
    return Job
def make_b():
    class Job:
        def load(self):
            self.cmd = request.args["c"]
        def run(self):
            os.system(self.cmd)
    return Job
`;
    expect(await ids(code)).toEqual(['command-injection@13']);
  });

  it('one class: its methods share the field', async () => {
    const code = `${HEAD}class Job:
    def load(self):
        self.cmd = request.args["c"]
    def run(self):
        os.system(self.cmd)
`;
    expect(await ids(code)).toEqual(['command-injection@7']);
  });

  it('JavaScript: two classes of one name in two functions', async () => {
    const code = `const cp = require("child_process");
function a(app) {
  class Job {
    run() { cp.exec(this.cmd); }
  }
  return Job;
}
function b(req) {
  class Job {
    load() { this.cmd = req.query.c; }
    run() { cp.exec(this.cmd); }
  }
  return Job;
}
`;
    expect(await ids(code, 'javascript')).toEqual(['command-injection@11']);
  });
});
