import { describe, expect, it } from 'vitest';
import { generatedPages, stalePages } from '../../scripts/docs/generate.js';

/**
 * The pages of docs/ written from the code (each command's flags, the configuration keys, the HTTP API)
 * say what the code does now: a change to a command, a config schema or a route that did not run
 * `npm run docs` fails here, naming the pages to write again.
 */
describe('the generated pages of docs/', () => {
  it('cover every command, the configuration and the HTTP API', async () => {
    const paths = [...(await generatedPages()).keys()];
    expect(paths).toContain('docs/commands/generate.md');
    expect(paths).toContain('docs/reference/configuration.md');
    expect(paths).toContain('docs/reference/http-api.md');
  });

  it('are current (run `npm run docs` when this fails)', async () => {
    expect(await stalePages()).toEqual([]);
  });
});
