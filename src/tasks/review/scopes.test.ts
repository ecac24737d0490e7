import { describe, expect, it } from 'vitest';
import { scopesAt } from './scopes.js';

describe('scopesAt', () => {
  it('names the functions and classes holding a line, outermost first; module level is its own scope', async () => {
    const python = [
      'import os',
      'os.system(x)',
      'class Shop:',
      '    def checkout(self, cmd):',
      '        os.system(cmd)',
      'def a(cmd):',
      '    os.system(cmd)',
      'def b(cmd):',
      '    os.system(cmd)',
      '',
    ].join('\n');
    const scopes = await scopesAt('python', python, [2, 5, 7, 9]);
    expect(Object.fromEntries(scopes ?? [])).toEqual({ 2: '', 5: 'Shop/checkout', 7: 'a', 9: 'b' });
  });

  it('names an anonymous JavaScript function by what it is assigned or passed to', async () => {
    const js = [
      'const run = (cmd) => {',
      '  exec(cmd);',
      '};',
      "app.get('/', (req) => {",
      '  exec(req.query.c);',
      '});',
      '',
    ].join('\n');
    const scopes = await scopesAt('javascript', js, [2, 5]);
    expect(Object.fromEntries(scopes ?? [])).toEqual({ 2: 'run', 5: 'λ(app.get)' });
  });
});
