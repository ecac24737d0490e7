import { NPM_FIXTURES } from '../../src/verify/__fixtures__/projects.js';

/**
 * `npm run test:fixtures`: installs from the npm registry the real projects some tests run (vitest 2,
 * jest 29 and 30, tsc 7), into the per-machine cache the tests read them from. `.ci/run` calls it before
 * the tests, so the tests themselves reach no network; off CI a test installs its fixture on first use.
 */
process.env.VOUCH_INSTALL_FIXTURES = '1';
for (const [name, build] of Object.entries(NPM_FIXTURES)) {
  const started = Date.now();
  const dir = build();
  process.stderr.write(
    `test:fixtures: ${name} in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
