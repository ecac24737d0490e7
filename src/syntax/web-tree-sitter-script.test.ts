import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { webTreeSitterFile } from './web-tree-sitter-script.js';

describe("web-tree-sitter's script", () => {
  it('is found without the resolver where the resolver finds it (the install’s own node_modules, its main file)', () => {
    expect(webTreeSitterFile()).toBe(createRequire(import.meta.url).resolve('web-tree-sitter'));
  });
});
