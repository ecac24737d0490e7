import { afterEach, describe, expect, it } from 'vitest';
import { IndexFixtures } from '../../test/support/index-fixtures.js';
import { importedDefinitions } from './imported-definitions.js';

const fixtures = new IndexFixtures();
afterEach(() => fixtures.cleanUp());

const summary = (found: ReturnType<typeof importedDefinitions>) =>
  found.map(
    (entry) => `${entry.local} → ${entry.row.path}:${entry.row.startLine} (${entry.via}, ${entry.uses})`,
  );

describe('importedDefinitions', () => {
  it('follows TypeScript imports through index.ts barrels and export * to the declaring file', async () => {
    const root = fixtures.project('vouch-imports-ts-', {
      'src/util/format.ts': 'export function formatDate(d: Date): string {\n  return d.toISOString();\n}\n',
      'src/util/parse.ts': 'export class Parser {\n  parse(text: string) {\n    return text;\n  }\n}\n',
      'src/util/index.ts':
        "export * from './format.js';\nexport { Parser as TextParser } from './parse.js';\n",
      'src/util/math.ts': 'export const clamp = (x: number) => x;\n',
      'src/app.ts': '',
    });
    const store = await fixtures.indexed(root);
    const text = [
      "import { formatDate, TextParser } from './util/index.js';",
      "import * as math from './util/math';",
      "import { missing } from 'some-package';",
      '',
      'export function run(d: Date) {',
      '  return math.clamp(formatDate(d).length);',
      '}',
    ].join('\n');
    expect(summary(importedDefinitions(store, { path: 'src/app.ts', language: 'typescript', text }))).toEqual(
      [
        'formatDate → src/util/format.ts:1 (import, 1)',
        'TextParser → src/util/parse.ts:1 (import, 0)',
        'clamp → src/util/math.ts:1 (module, 1)',
      ],
    );
  });

  it('follows Python package re-exports, module attributes and star imports', async () => {
    const root = fixtures.project('vouch-imports-py-', {
      'shop/db/fields.py': 'class ForeignKey:\n    pass\n\n\nclass CharField:\n    pass\n',
      'shop/db/__init__.py': 'from .fields import *\n',
      'shop/db/models.py': 'from shop.db.fields import CharField\n\n\ndef connect():\n    return 1\n',
      'shop/views.py': '',
    });
    const store = await fixtures.indexed(root);
    const text = [
      'from shop import db',
      'from shop.db import models',
      'from shop.db.fields import *',
      '',
      'class Order:',
      '    customer = db.ForeignKey()',
      '    title = models.CharField()',
      '',
      'def place():',
      '    models.connect()',
      '    return CharField',
    ].join('\n');
    const found = importedDefinitions(store, { path: 'shop/views.py', language: 'python', text }, [
      'CharField',
      'Order',
    ]);
    expect(summary(found)).toEqual([
      'ForeignKey → shop/db/fields.py:1 (module, 1)',
      'CharField → shop/db/fields.py:5 (module, 1)',
      'connect → shop/db/models.py:4 (module, 1)',
    ]);
  });
});
