import { z } from 'zod';
import { parseExternalJson } from '../../core/external-data.js';

/**
 * Test configuration a fix changes (issue 55): what decides how the tests run, and so what the re-run
 * proves. A debug "fix" that added a conftest.py with a `pytest_runtest_makereport` hookwrapper forcing
 * every outcome to passed, or a `pytest_collection_modifyitems` dropping the failing test, was "fixed" at
 * high confidence: the command exited 0 because the test no longer asked anything. Any new or changed
 * file of this kind is a test edit, as an edited assertion is.
 */

/** Files that are test configuration whatever they hold. */
const CONFIG_FILE =
  /(^|\/)(conftest\.py|pytest\.ini|\.pytest\.ini|sitecustomize\.py|usercustomize\.py|[^/]+\.pth|(vitest|vite|jest|vitest\.workspace)\.config\.[cm]?[jt]s|vitest\.workspace\.[cm]?[jt]s|jest\.setup\.[cm]?[jt]s|vitest\.setup\.[cm]?[jt]s|\.mocharc(\.\w+)?|\.babelrc|babel\.config\.[cm]?js|\.noserc|nose\.cfg)$/;

/** Files with a test section among others: only a change inside that section counts. */
const SECTIONED = /(^|\/)(pyproject\.toml|setup\.cfg|tox\.ini)$/;
const TEST_SECTION =
  /^\[(tool\.pytest[^\]]*|tool:pytest|pytest|tool\.coverage[^\]]*|coverage:[^\]]*|testenv[^\]]*|tool\.hatch\.envs[^\]]*test[^\]]*)\]\s*$/;

function testSections(text: string): string {
  const kept: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) inside = TEST_SECTION.test(line.trim());
    if (inside) kept.push(line.trimEnd());
  }
  return kept.join('\n');
}

/** package.json's parts that say how tests run: test scripts and the runners' own keys. */
function packageTestParts(text: string): string {
  try {
    const json = parseExternalJson({
      text: text || '{}',
      schema: z.record(z.string(), z.unknown()),
      source: 'package.json',
    });
    const scripts = (json.scripts ?? {}) as Record<string, unknown>;
    const testScripts = Object.entries(scripts).filter(([name]) => /test|spec|vitest|jest|check/i.test(name));
    return JSON.stringify([testScripts, json.jest, json.vitest, json.mocha, json.ava, json.c8, json.nyc]);
  } catch {
    // a package.json the fix leaves unreadable changes how everything runs
    return `unreadable:${text}`;
  }
}

/** What the change does to the test configuration, or undefined when the file is none of it. */
export function testConfigurationChange(path: string, before: string, after: string): string | undefined {
  const name = path.split('/').pop() ?? path;
  if (CONFIG_FILE.test(path))
    return before === '' ? `adds test configuration (${name})` : `changes test configuration (${name})`;
  if (SECTIONED.test(path) && testSections(before) !== testSections(after))
    return `changes the test section of ${name}`;
  if (name === 'package.json' && packageTestParts(before) !== packageTestParts(after))
    return "changes package.json's test scripts or runner settings";
  return undefined;
}
