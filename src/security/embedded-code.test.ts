import { describe, expect, it } from 'vitest';
import { embeddedCode, shebangInterpreter, shebangLanguage } from './embedded-code.js';

const reads = (language: string) => ['python', 'javascript', 'typescript', 'tsx'].includes(language);

describe('embeddedCode (r49: files a folder scan counted and never read)', () => {
  it('reads the interpreter of a #! line, through env and its flags', () => {
    expect(shebangInterpreter('#!/usr/bin/env -S python3 -u\n')).toBe('python3');
    expect(shebangInterpreter('#!/usr/local/bin/node --no-warnings\n')).toBe('node');
    expect(shebangInterpreter('\uFEFF#!/usr/bin/env PYTHONPATH=. python3.12\n')).toBe('python3.12');
    expect(shebangLanguage('#!/usr/bin/env python3.12\n')).toBe('python');
    expect(shebangLanguage('#!/usr/bin/env deno\n')).toBe('typescript');
    expect(shebangLanguage('# not a script\n')).toBeUndefined();
  });

  it("keeps a component's <script> on its own lines and columns, the rest blanked", () => {
    const source =
      '<template>\n  <p>{{ a }}</p>\n</template>\n<script lang="ts">\nlet a: number = 1;\n</script>\n';
    const code = embeddedCode('c.vue', source, reads);
    expect(code && 'view' in code ? code.view.language : undefined).toBe('typescript');
    const lines = code && 'view' in code ? code.view.source.split('\n') : [];
    expect(lines).toHaveLength(source.split('\n').length);
    expect(lines[4]).toBe('let a: number = 1;');
    expect(lines[1]!.trim()).toBe('');
  });

  it("names a notebook of another kernel, or one that is not JSON, and reads a Python one's cells", () => {
    const cells = [{ cell_type: 'code', source: 'import os\n%time x = 1\nos.system(y)' }];
    const r = JSON.stringify({ cells, metadata: { kernelspec: { language: 'R' } } });
    expect(embeddedCode('n.ipynb', r, reads)).toEqual({
      unread: 'a notebook of R cells: the security rules do not read them (searched for secrets only)',
    });
    expect(embeddedCode('n.ipynb', '{', reads)).toHaveProperty('unread');
    const python = embeddedCode('n.ipynb', JSON.stringify({ cells, metadata: {} }), reads);
    expect(python && 'view' in python ? python.view.source : undefined).toBe(
      'import os\nx = 1\nos.system(y)\n',
    );
  });

  it('leaves text and data alone, and names code of extensions it has no grammar for', () => {
    expect(embeddedCode('README.md', '# hi\n', reads)).toBeUndefined();
    expect(embeddedCode('data.json', '{}', reads)).toBeUndefined();
    expect(embeddedCode('x.pl', 'system($ARGV[0]);\n', reads)).toHaveProperty('unread');
  });
});
