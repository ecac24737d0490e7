import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ExternalDataError, lazySchema, parseExternalJson, parseExternalJsonc } from './external-data.js';

const shape = z.object({ name: z.string(), tags: z.array(z.string()).optional() });

describe('external data', () => {
  it('parses JSON with a schema and names the source and the field when the shape is wrong', () => {
    expect(parseExternalJson({ text: '{"name":"x"}', schema: shape, source: 'tool output' })).toEqual({
      name: 'x',
    });
    const error = (() => {
      try {
        parseExternalJson({ text: '{"name":3,"tags":["a",2]}', schema: shape, source: 'bandit output' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ExternalDataError);
    expect((error as ExternalDataError).source).toBe('bandit output');
    expect((error as Error).message).toMatch(/^bandit output: unexpected content \(name: .*; tags\.1: /);
  });

  it('builds a lazy schema once, on first use, with zod', () => {
    let built = 0;
    const lazy = lazySchema((zod) => {
      built++;
      return zod.object({ version: zod.string() });
    });
    expect(built).toBe(0);
    expect(
      parseExternalJson({ text: '{"version":"1.0.0"}', schema: lazy(), source: 'package.json' }),
    ).toEqual({ version: '1.0.0' });
    expect(() =>
      parseExternalJson({ text: '{"version":1}', schema: lazy(), source: '/x/package.json' }),
    ).toThrow(/^\/x\/package\.json: unexpected content \(version: /);
    expect(built).toBe(1);
  });

  it('says when the text is not JSON at all', () => {
    expect(() => parseExternalJson({ text: '{ not json', schema: shape, source: 'package.json' })).toThrow(
      /^package\.json: not valid JSON/,
    );
  });

  it('reads comments and trailing commas and leaves strings as written', () => {
    expect(
      parseExternalJsonc({ text: '{"p":"a,]"}', schema: z.object({ p: z.string() }), source: 'x.jsonc' }),
    ).toEqual({ p: 'a,]' });
    const text = '{\n  // a comment\n  "url": "http://x/*y*/", /* block */\n  "list": [1, 2,],\n}\n';
    expect(
      parseExternalJsonc({ text, schema: z.record(z.string(), z.unknown()), source: 'tsconfig.json' }),
    ).toEqual({
      url: 'http://x/*y*/',
      list: [1, 2],
    });
  });

  it('places a JSONC syntax error by line and column', () => {
    expect(() =>
      parseExternalJsonc({ text: '{\n  "a": 1\n  "b": 2\n}', schema: z.unknown(), source: 'biome.jsonc' }),
    ).toThrow(/^biome\.jsonc: not valid JSON with comments \(CommaExpected at 3:3\)/);
  });
});
