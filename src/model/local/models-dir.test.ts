import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localModelsDir } from './models-dir.js';

describe('localModelsDir', () => {
  it('lives in the user cache dir as every other cache does (core/user-dirs.ts)', () => {
    expect(localModelsDir({ XDG_CACHE_HOME: '/c', HOME: '/h' })).toBe(join('/c', 'vouch', 'models'));
    // a relative XDG_CACHE_HOME is invalid under the spec: it would put the models (files loaded into
    // vouch's own process) in whatever folder vouch was started from, a cloned repository's included
    expect(localModelsDir({ XDG_CACHE_HOME: 'models-here', HOME: '/h' })).toBe(
      join('/h', '.cache', 'vouch', 'models'),
    );
  });
});
