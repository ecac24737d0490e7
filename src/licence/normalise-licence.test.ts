import { describe, expect, it } from 'vitest';
import { licenceFromClassifier } from './dependencies/classifiers.js';
import { normaliseLicenceField, normaliseLicenceText } from './normalise-licence.js';

describe('normaliseLicenceText', () => {
  it('keeps valid SPDX expressions and modernises deprecated ids', () => {
    expect(normaliseLicenceText('MIT').expression).toBe('MIT');
    expect(normaliseLicenceText('(MIT OR Apache-2.0)').expression).toBe('MIT OR Apache-2.0');
    expect(normaliseLicenceText('GPL-2.0').expression).toBe('GPL-2.0-only');
    expect(normaliseLicenceText('GPL-2.0+').expression).toBe('GPL-2.0-or-later');
    expect(normaliseLicenceText('LGPL-2.1 AND MIT').expression).toBe('LGPL-2.1-only AND MIT');
    expect(normaliseLicenceText('GPL-2.0-with-classpath-exception').expression).toBe(
      'GPL-2.0-only WITH Classpath-exception-2.0',
    );
    expect(normaliseLicenceText('(MIT AND BSD-3-Clause) OR GPL-3.0-only').expression).toBe(
      '(MIT AND BSD-3-Clause) OR GPL-3.0-only',
    );
  });

  it('corrects the free text people write', () => {
    expect(normaliseLicenceText('Apache 2').expression).toBe('Apache-2.0');
    expect(normaliseLicenceText('MIT or Apache 2.0').expression).toBe('MIT OR Apache-2.0');
    expect(normaliseLicenceText('MIT/GPL-2.0').expression).toBe('MIT OR GPL-2.0-only');
    expect(normaliseLicenceText('GPLv2 or MIT').expression).toBe('GPL-2.0-only OR MIT');
    expect(normaliseLicenceText('MIT, Apache 2.0').expression).toBe('MIT AND Apache-2.0');
    expect(normaliseLicenceText('Apache License, Version 2.0').expression).toBe('Apache-2.0');
  });

  it('understands npm conventions', () => {
    expect(normaliseLicenceText('UNLICENSED').expression).toBe('LicenseRef-UNLICENSED');
    expect(normaliseLicenceText('SEE LICENSE IN LICENSE.txt')).toEqual({ seeFile: 'LICENSE.txt' });
  });

  it('reports what it cannot understand instead of guessing', () => {
    const result = normaliseLicenceText('whatever the author felt like');
    expect(result.expression).toBeUndefined();
    expect(result.problem).toMatch(/not an SPDX expression/);
    expect(normaliseLicenceText('  ').problem).toMatch(/empty/);
  });
});

describe('normaliseLicenceField', () => {
  it('reads the legacy object and array forms', () => {
    expect(normaliseLicenceField({ type: 'MIT', url: 'https://example.com' }).expression).toBe('MIT');
    expect(normaliseLicenceField([{ type: 'MIT' }, { type: 'Apache-2.0' }]).expression).toBe(
      'MIT OR Apache-2.0',
    );
    expect(normaliseLicenceField(['BSD-3-Clause']).expression).toBe('BSD-3-Clause');
  });

  it('names malformed fields', () => {
    expect(normaliseLicenceField({ url: 'x' }).problem).toMatch(/without a "type"/);
    expect(normaliseLicenceField(42).problem).toMatch(/wrong type/);
    expect(normaliseLicenceField([]).problem).toMatch(/empty/);
    expect(normaliseLicenceField([{ type: 'MIT' }, { nope: 1 }]).problem).toMatch(/without a "type"/);
    expect(normaliseLicenceField(undefined).problem).toBe('no licence field');
  });
});

describe('licenceFromClassifier', () => {
  it('maps trove classifiers and marks family-only ones as approximate', () => {
    expect(licenceFromClassifier('License :: OSI Approved :: MIT License')).toEqual({
      id: 'MIT',
      approximate: false,
    });
    expect(licenceFromClassifier('License :: OSI Approved :: BSD License')).toEqual({
      id: 'BSD-3-Clause',
      approximate: true,
    });
    expect(licenceFromClassifier('Programming Language :: Python')).toBeUndefined();
  });
});
