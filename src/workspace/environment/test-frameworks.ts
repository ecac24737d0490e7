import type { EnvironmentCollector } from './collector.js';

const NPM_RUNNERS: [string, string][] = [
  ['vitest', 'vitest'],
  ['jest', 'jest'],
  ['mocha', 'mocha'],
  ['ava', 'ava'],
  ['jasmine', 'jasmine'],
  ['@playwright/test', 'playwright'],
  ['cypress', 'cypress'],
];

/** The test runner in use, from packages (read first) and config files. */
export function readTestFrameworks(
  env: EnvironmentCollector,
  scripts: Record<string, string> | undefined,
): void {
  for (const [pkg, name] of NPM_RUNNERS) {
    const found = env.package('npm', pkg);
    if (found?.declared) env.addTestFramework(name, found.source);
  }
  for (const [script, command] of Object.entries(scripts ?? {})) {
    if (/\bnode\b[^&|;]*--test\b/.test(command))
      env.addTestFramework('node:test', `package.json scripts.${script}`);
  }
  for (const file of [
    'vitest.config.ts',
    'vitest.config.mts',
    'vitest.config.js',
    'jest.config.js',
    'jest.config.ts',
    '.mocharc.json',
    '.mocharc.yml',
  ]) {
    if (env.exists(file)) env.addTestFramework(file.split('.')[0]!.replace(/^\.|rc$/g, ''), file);
  }
  const pytest = env.package('pypi', 'pytest');
  if (pytest?.declared) env.addTestFramework('pytest', pytest.source);
  for (const file of ['pytest.ini', 'conftest.py', 'tests/conftest.py']) {
    if (env.exists(file)) env.addTestFramework('pytest', file);
  }
  for (const file of ['setup.cfg', 'tox.ini']) {
    if (/^\[(?:tool:)?pytest\]/m.test(env.read(file) ?? '')) env.addTestFramework('pytest', file);
  }
  const isPython = env.languages.some((language) => language.name === 'python');
  if (isPython && !env.testFrameworks.some((entry) => entry.name === 'pytest')) {
    for (const folder of ['tests', 'test']) {
      if (env.exists(folder)) {
        env.addTestFramework('unittest', `${folder}/ (no pytest declared)`);
        break;
      }
    }
  }
  for (const pkg of env.packages.values()) {
    if (pkg.ecosystem !== 'maven') continue;
    if (pkg.name.startsWith('org.junit.jupiter:')) env.addTestFramework('JUnit 5', pkg.source);
    else if (pkg.name === 'junit:junit') env.addTestFramework('JUnit 4', pkg.source);
    else if (pkg.name === 'org.testng:testng') env.addTestFramework('TestNG', pkg.source);
  }
}
