import { describe, expect, it } from 'vitest';
import { ruleLineSeverities } from '../../../test/support/rule-findings.js';
import { defaultRuleSet } from '../rules.js';
import { analyzeSource } from './analyze.js';

/**
 * Review r10 of round 8 (w73): a loader given only a parameter of a function no caller in the file is seen
 * calling is reported one level lower. Not where the data may be more than the caller's (a branch joins a
 * store's answer or the request's), where the function itself wrote the file it loads, where a framework or a
 * name-dispatch calls the function (its parameter is then whatever the framework passes), nor for a rule whose
 * sinks do not report a parameter passed whole (XSS).
 */
const ruleSet = defaultRuleSet();
const found = (code: string, rule: string) => ruleLineSeverities(code, rule);
const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('a branch join keeps what a call returned (review r10, item 4)', () => {
  it.each([
    [
      'a store read on one branch',
      lines(
        'import pickle',
        'import redis',
        'r = redis.Redis()',
        'def restore(blob, key):',
        '    if not blob:',
        '        blob = r.get(key)',
        '    return pickle.loads(blob)',
      ),
      ['7:high'],
    ],
  ])('%s', async (_name, code, expected) => {
    expect(await found(code, 'unsafe-deserialization')).toEqual(expected);
  });
});

describe('a file the function wrote before loading it (review r10, item 5)', () => {
  it('keeps the rule’s severity', async () => {
    const code = lines(
      'import pickle',
      'from flask import request',
      'def save_and_load(path):',
      '    with open(path, "wb") as f:',
      '        f.write(request.data)',
      '    with open(path, "rb") as f:',
      '        return pickle.load(f)',
    );
    expect(await found(code, 'unsafe-deserialization')).toEqual(['7:high']);
  });

  it('not a file another function writes (SALLM’s load_data beside its save_data)', async () => {
    const code = lines(
      'import pickle',
      'def load_data(file_path):',
      '    with open(file_path, "rb") as f:',
      '        return pickle.loads(f.read())',
      'def save_data(data, file_path):',
      '    with open(file_path, "wb") as f:',
      '        f.write(pickle.dumps(data))',
      '        f.write(bytes("\\n", "utf-8"))',
    );
    expect(await found(code, 'unsafe-deserialization')).toEqual(['4:medium']);
  });
});

describe('functions a framework or a dispatch by name calls (review r10, item 6)', () => {
  it.each([
    [
      'a decorated task',
      lines('import pickle', '@app.task', 'def restore(blob):', '    return pickle.loads(blob)'),
    ],
    [
      'a socket.io handler',
      lines('import pickle', '@socketio.on("load")', 'def restore(blob):', '    return pickle.loads(blob)'),
    ],
    [
      'a Flask-RESTful resource',
      lines(
        'import pickle',
        'from flask_restful import Resource',
        'class R(Resource):',
        '    def get(self, name):',
        '        return str(pickle.load(open(name, "rb")))',
      ),
    ],
    [
      'a Django view whose request parameter has another name',
      lines(
        'import pickle',
        'from django.http import HttpResponse',
        'def restore(req, name):',
        '    with open(name, "rb") as f:',
        '        return HttpResponse(str(pickle.load(f)))',
      ),
    ],
    [
      'a file that calls methods by a name it computes',
      lines(
        'import pickle',
        'class Handlers:',
        '    def restore(self, blob):',
        '        return pickle.loads(blob)',
        'def h(op, data):',
        '    return getattr(Handlers(), op)(data)',
      ),
    ],
    [
      'a file that looks functions up in globals()',
      lines(
        'import pickle',
        'def restore(blob):',
        '    return pickle.loads(blob)',
        'def h(op, data):',
        '    return globals()[op](data)',
      ),
    ],
    [
      'a parameter whose default is not a constant',
      lines('import pickle', 'def restore(blob=DEFAULT):', '    return pickle.loads(blob)'),
    ],
  ])('%s: keeps high', async (_name, code) => {
    expect((await found(code, 'unsafe-deserialization')).map((line) => line.split(':')[1])).toEqual(['high']);
  });

  it('still lowers a plain function no caller is seen calling, with a constant default', async () => {
    const code = lines('import pickle', 'def restore(blob=None):', '    return pickle.loads(blob)');
    expect(await found(code, 'unsafe-deserialization')).toEqual(['3:medium']);
  });
});

describe('a pattern of a rule whose sinks report no parameter passed whole (review r10, item 7)', () => {
  it('keeps XSS’s bypassSecurityTrustHtml(param) at its own severity', async () => {
    const code = [
      'export class View {',
      '  constructor(private sanitizer: DomSanitizer) {}',
      '  render(html: string) {',
      '    return this.sanitizer.bypassSecurityTrustHtml(html);',
      '  }',
      '}',
      '',
    ].join('\n');
    const all = await analyzeSource({ source: code, language: 'typescript', file: 'app/view.ts', ruleSet });
    const xss = all.filter((finding) => finding.ruleId === 'xss');
    expect(xss.map((finding) => finding.severity)).toEqual(['medium']);
    expect(xss[0]!.message).not.toMatch(/its parameter/);
  });
});
