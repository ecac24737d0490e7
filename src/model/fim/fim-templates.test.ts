import { describe, expect, it } from 'vitest';
import {
  chooseFimTemplate,
  FIM_TEMPLATE_NAMES,
  fimTemplate,
  guessFimTemplate,
  trimAtStop,
} from './fim-templates.js';

describe('FIM templates', () => {
  it('builds each family with its model card tokens', () => {
    const built = Object.fromEntries(
      FIM_TEMPLATE_NAMES.map((name) => [name, fimTemplate(name).build('PRE', 'SUF')]),
    );
    expect(built).toEqual({
      'qwen2.5-coder': '<|fim_prefix|>PRE<|fim_suffix|>SUF<|fim_middle|>',
      'deepseek-coder': '<｜fim▁begin｜>PRE<｜fim▁hole｜>SUF<｜fim▁end｜>',
      'deepseek-coder-v2': '<｜fim▁begin｜>PRE<｜fim▁hole｜>SUF<｜fim▁end｜>',
      starcoder: '<fim_prefix>PRE<fim_suffix>SUF<fim_middle>',
      starcoder2: '<fim_prefix>PRE<fim_suffix>SUF<fim_middle>',
      codellama: '<PRE> PRE <SUF>SUF <MID>',
      codestral: '[SUFFIX]SUF[PREFIX]PRE',
    });
    // DeepSeek's bars are U+FF5C and its underscore U+2581, never ASCII
    expect(built['deepseek-coder']).not.toContain('|');
    expect(fimTemplate('codellama').stop).toContain('<EOT>');
    expect(fimTemplate('deepseek-coder').stop).toContain('<｜end▁of▁sentence｜>');
    expect(fimTemplate('starcoder2').stop).toContain('<file_sep>');
  });

  it('guesses from model names as documented', () => {
    expect(guessFimTemplate('Qwen/Qwen2.5-Coder-7B')).toBe('qwen2.5-coder');
    expect(guessFimTemplate('qwen2.5-coder:1.5b-base')).toBe('qwen2.5-coder');
    expect(guessFimTemplate('deepseek-ai/deepseek-coder-6.7b-base')).toBe('deepseek-coder');
    expect(guessFimTemplate('deepseek-coder-v2:16b')).toBe('deepseek-coder-v2');
    expect(guessFimTemplate('bigcode/starcoder2-15b')).toBe('starcoder2');
    expect(guessFimTemplate('starcoderbase-1b')).toBe('starcoder');
    expect(guessFimTemplate('codellama:7b-code')).toBe('codellama');
    expect(guessFimTemplate('codestral-latest')).toBe('codestral');
    expect(guessFimTemplate('llama3.2')).toBeUndefined();
  });

  it('applies no template in server mode, the configured one otherwise', () => {
    expect(chooseFimTemplate('server', 'qwen2.5-coder')).toBeUndefined();
    expect(chooseFimTemplate('none', 'qwen2.5-coder')).toBeUndefined();
    expect(chooseFimTemplate(undefined, 'qwen2.5-coder')).toBeUndefined();
    expect(chooseFimTemplate('auto', 'qwen2.5-coder')?.name).toBe('qwen2.5-coder');
    expect(chooseFimTemplate('auto', 'gpt-4o')).toBeUndefined();
    expect(chooseFimTemplate('codestral', 'qwen2.5-coder')?.name).toBe('codestral');
  });

  it('cuts replies at the first stop token', () => {
    expect(trimAtStop('a + b<|file_sep|>x<|endoftext|>', fimTemplate('qwen2.5-coder').stop)).toBe('a + b');
    expect(trimAtStop('plain', ['<EOT>'])).toBe('plain');
  });
});
