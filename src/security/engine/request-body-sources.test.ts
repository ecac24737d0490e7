import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../test/support/rule-findings.js';

/**
 * Review r10: the request body read through a method call (`request.get_data()`, `request.get_json()`,
 * Django's `request.read()`, Starlette's `await request.body()`/`await request.json()`) was no source, though
 * the attribute forms (`request.data`, `request.json`, `request.body`) were: `os.system(request.get_data())`
 * reported nothing.
 */
const found = (code: string) =>
  findingIds(code, { keep: (id) => !id.startsWith('resource-exhaustion@'), severity: true });

const flask = (body: string[]) =>
  [
    'import os',
    'import sqlite3',
    'from flask import Flask, request',
    'app = Flask(__name__)',
    '@app.route("/x", methods=["POST"])',
    'def x():',
    ...body,
    '    return "ok"',
    '',
  ].join('\n');

describe('every Flask request-body accessor is request data', () => {
  it.each([
    'request.get_data()',
    'request.get_data(as_text=True)',
    'request.get_data().decode()',
    'request.get_json()',
    'request.get_json(force=True)',
    'request.json',
    'request.data',
    'request.stream.read()',
  ])('os.system(%s) is command injection', async (accessor) => {
    expect(await found(flask([`    os.system(${accessor})`]))).toEqual(['command-injection@7:critical']);
  });

  it('reaches eval, a query and open() too', async () => {
    expect(await found(flask(['    eval(request.get_json())']))).toEqual(['code-injection@7:critical']);
    expect(
      await found(
        flask([
          '    db = sqlite3.connect("x.db")',
          '    db.execute("SELECT * FROM t WHERE name = \'%s\'" % request.get_data(as_text=True))',
        ]),
      ),
    ).toEqual(['sql-injection@8:high']);
    expect(
      (await found(flask(['    open(request.get_data(as_text=True)).read()']))).map((f) => f.split('@')[0]),
    ).toContain('path-traversal');
  });
});

describe('Django and Starlette bodies read by a call', () => {
  it('Django request.read() and request.body', async () => {
    for (const accessor of ['request.read()', 'request.body'])
      expect(
        await found(
          [
            'import os',
            'from django.http import HttpResponse',
            'def view(request):',
            `    os.system(${accessor})`,
            '    return HttpResponse("ok")',
            '',
          ].join('\n'),
        ),
        accessor,
      ).toEqual(['command-injection@4:critical']);
  });

  it('FastAPI await request.body() and await request.json()', async () => {
    for (const accessor of ['await request.body()', 'await request.json()'])
      expect(
        await found(
          [
            'import os',
            'from fastapi import FastAPI, Request',
            'app = FastAPI()',
            '@app.post("/x")',
            'async def x(request: Request):',
            `    os.system(${accessor})`,
            '    return "ok"',
            '',
          ].join('\n'),
        ),
        accessor,
      ).toEqual(['command-injection@6:critical']);
  });
});

describe('a lambda bound to a name at the top of a module is a function (review r10)', () => {
  it('reports a loader given its parameter as a def would be: caller-supplied, one level lower', async () => {
    expect(await found('import pickle\nrestore = lambda blob: pickle.loads(blob)\n')).toEqual([
      'unsafe-deserialization@2:medium',
    ]);
    expect(await found('import pickle\ndef restore(blob):\n    return pickle.loads(blob)\n')).toEqual([
      'unsafe-deserialization@3:medium',
    ]);
  });

  it('keeps high when its default is request data, or when the file calls it with request data', async () => {
    expect(
      await found(
        'import pickle\nfrom flask import request\nrestore = lambda blob=request.data: pickle.loads(blob)\n',
      ),
    ).toEqual(['unsafe-deserialization@3:high']);
    expect(
      await found(
        [
          'import os',
          'from flask import Flask, request',
          'app = Flask(__name__)',
          'run = lambda cmd: os.system(cmd)',
          '@app.route("/x")',
          'def x():',
          '    run(request.args["c"])',
          '    return "ok"',
          '',
        ].join('\n'),
      ),
    ).toEqual(['command-injection@4:critical']);
  });
});
