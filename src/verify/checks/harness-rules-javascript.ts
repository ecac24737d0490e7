import { escapeRegExp } from '../../core/regexp.js';
import type { HarnessRule } from './harness-rules.js';

/**
 * JavaScript's ways round the plain names (w198): the assertion module, the test globals and the process
 * reached by a name the source builds at run time or by another road than `import … from 'node:assert'`.
 * r41 to r47 made each of these forge a pass through `vouch check --test` (node:test, vitest, jest) with
 * the harness check quiet: `createRequire(import.meta.url)('node:assert')`, `require('ass' + 'ert')`,
 * `globalThis['exp' + 'ect']`, `Function('return this')()`, `process['ex' + 'it'](0)`, `process.exitCode = 0`.
 *
 * Honest code stays out of them: a literal module name (`require('node:path')`), a dotted global
 * (`globalThis.fetch`), a failing exit with a literal status (`process.exit(1)` in a CLI's main, which can
 * only fail a run), a relative path built at run time (`import('./locales/' + lang + '.js')`).
 * Every pattern is bounded or an anchor with `after`, so each stays linear in the text (linear-scans.test.ts).
 */

const alternation = (names: Iterable<string>) => [...names].map(escapeRegExp).join('|');

/** the modules whose members are the test's assertions */
export const JS_ASSERTION_MODULES = String.raw`['"\`](?:(?:node:)?assert(?:\/strict)?|vitest|chai|@jest\/globals|expect)['"\`]`;

/** `createRequire(import.meta.url)`, `createRequire(fileURLToPath(import.meta.url))`: one level of nesting, bounded */
const CREATE_REQUIRE = String.raw`\bcreateRequire\s*\([^()\n]{0,200}(?:\([^()\n]{0,200}\)[^()\n]{0,200})?\)`;
/** ways to a module loader other than the name `require` itself: none has a use in code under test */
const LOADER_PATHS = String.raw`\bmodule\s*\.\s*require|\bprocess\s*\.\s*mainModule\s*\.\s*require|\bmodule\s*\.\s*constructor\s*\.\s*_load|\bModule\s*\.\s*_load|\brequire\s*\.\s*main\s*\.\s*require`;

/** `const req = createRequire(…)`, `const load = module.require`: other names a loader goes by */
const LOADER_ALIAS = new RegExp(
  String.raw`\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:${CREATE_REQUIRE}|(?:${LOADER_PATHS})\b(?!\s*\()|require\b(?!\s*[(.]))`,
  'g',
);

/**
 * A call that loads a module by name, as a pattern source: `require(`, `import(`, `createRequire(…)(`,
 * `module.constructor._load(` and the loader's other names in this text.
 */
export function javascriptLoaderCall(text: string): string {
  const aliases = new Set<string>();
  for (const match of text.matchAll(LOADER_ALIAS)) aliases.add(match[1] as string);
  aliases.delete('require');
  const named = aliases.size > 0 ? `|(?<![\\w$.])(?:${alternation(aliases)})` : '';
  return String.raw`(?:(?<![\w$.])require|\bimport|${CREATE_REQUIRE}|${LOADER_PATHS}${named})\s*\(`;
}

/** `globalThis`, `global`, and what the source binds to them (`const g = globalThis`, `Function('return this')()`) */
const GLOBAL_OBJECT = String.raw`\b(?:globalThis|global)\b`;
const GLOBAL_ALIAS = new RegExp(
  String.raw`\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:${GLOBAL_OBJECT}|self|window)\s*(?:[;,\n)]|$)`,
  'gm',
);
/** the process object and what the source binds to it (`import proc from 'node:process'`, `const p = process`) */
const PROCESS_ALIAS =
  /\bimport\s+([\w$]+)\s+from\s*['"`](?:node:)?process['"`]|\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:(?:globalThis|global)\s*\.\s*process\b|process\b(?!\s*[.[])|require\s*\(\s*['"`](?:node:)?process['"`]\s*\))/g;

function aliases(text: string, pattern: RegExp, base: readonly string[]): string {
  const names = new Set<string>(base);
  for (const match of text.matchAll(pattern)) names.add((match[1] ?? match[2]) as string);
  return String.raw`(?<![\w$.])(?:${alternation(names)})(?![\w$])`;
}

/** a plain string key (`['env']`): what a dotted name would say; anything else is built at run time */
const PLAIN_KEY = String.raw`\s*['"\`][\w$]*['"\`]\s*\]`;
/** the members of the process that end it or decide how it ends */
const PROCESS_ENDS = String.raw`(?:exit|reallyExit|abort|kill|exitCode|_exiting|_kill|_rawDebug|emit|binding|_linkedBinding|mainModule|on|once|prependListener|prependOnceListener|addListener|setUncaughtExceptionCaptureCallback)`;
/** what vitest, jest and node:test put on the global object */
const TEST_GLOBALS = String.raw`(?:expect|test|it|describe|suite|assert|vi|jest|chai|beforeAll|beforeEach|afterAll|afterEach|__vitest\w*|__jest\w*)`;

/** an `after` that only looks ahead: every anchor is tried (`ruleMatches` moves on by one) */
const EVERY_ANCHOR = /(?:)/;

export function javascriptReachRules(text: string, assertionNames: readonly string[]): HarnessRule[] {
  const loader = javascriptLoaderCall(text);
  const global = aliases(text, GLOBAL_ALIAS, ['globalThis', 'global']);
  const proc = aliases(text, PROCESS_ALIAS, ['process']);
  const assertion = String.raw`(?:${[...new Set(['expect', ...assertionNames])].map(escapeRegExp).join('|')})`;
  const reach =
    'reaches the assertion module, the test globals or the module loader by a road the plain names do not show';
  const ends = 'ends the process or changes its exit status under the test run';
  return [
    {
      // the module system's own internals: a loader that bypasses the names, its cache of loaded modules
      id: 'harness-reach',
      languages: 'javascript',
      where: 'code',
      pattern:
        /\bmodule\s*\.\s*(?:constructor|parent|children)\b|\bModule\s*\.\s*_(?:load|cache|resolveFilename|extensions|compile)\b|\bprocess\s*\.\s*mainModule\b|\brequire\s*\.\s*(?:cache\b|main\s*\.\s*(?:require|constructor|children|exports)\b)/,
      what: reach,
    },
    {
      // a module loaded by a name made at run time (`'ass' + 'ert'`, `` `node:${x}` ``, `.join`): the
      // assertion module hidden from every name rule; a relative path built so is a file of the project
      id: 'harness-reach',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(loader),
      after: {
        pattern:
          /(?!\s*['"`](?:\.{1,2})?\/)[^()\n]{0,200}?(?:['"`]\s*\+|\+\s*['"`]|\$\{|\.join\s*\(|fromCharCode|\.reverse\s*\(|\batob\s*\(|\bBuffer\s*\.\s*from\s*\()/,
        until: /[()\n]/,
      },
      what: reach,
    },
    {
      // an assertion module loaded and written on, or handed on, without a name (`require('assert').ok = …`)
      id: 'harness-patch',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(String.raw`${loader}\s*${JS_ASSERTION_MODULES}\s*\)`),
      after: {
        pattern: /\s*\)?(?:(?:\s*(?:\.\s*[\w$]+|\[[^\]\n]{1,200}\]))+\s*=(?!=)|\s*\.\s*then\s*\()/,
        until: EVERY_ANCHOR,
      },
      what: "replaces the test framework's assertions (a write on the assertion module, loaded without a name)",
    },
    {
      id: 'harness-patch',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(
        String.raw`\b(?:Object|Reflect)\s*\.\s*(?:defineProperty|defineProperties|assign|setPrototypeOf|set|deleteProperty|keys|entries|getOwnPropertyNames|ownKeys)\s*\(\s*\(?\s*(?:await\s+)?${loader}\s*${JS_ASSERTION_MODULES}`,
      ),
      what: "replaces the test framework's assertions (a write on the assertion module, loaded without a name)",
    },
    {
      // the prototype every `expect(x)` shares: a write there replaces every matcher at once
      id: 'harness-patch',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(
        String.raw`\b(?:Object|Reflect)\s*\.\s*getPrototypeOf\s*\(\s*(?<![\w$.])${assertion}\s*\(|(?<![\w$.])${assertion}\s*\([^()\n]{0,200}\)\s*(?:\.\s*(?:__proto__|constructor)\b|\[\s*['"\`](?:__proto__|constructor)['"\`])`,
      ),
      what: "reaches the prototype of the test framework's assertions (where every matcher lives)",
    },
    {
      // the global object under a key made at run time, or a test global under a plain one
      id: 'harness-reach',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(String.raw`${global}\s*(?:\?\.\s*)?\[`),
      after: {
        pattern: new RegExp(String.raw`(?!${PLAIN_KEY})|\s*['"\`]${TEST_GLOBALS}['"\`]\s*\]`),
        until: EVERY_ANCHOR,
      },
      what: reach,
    },
    {
      id: 'harness-reach',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(
        String.raw`${global}\s*(?:\?\.|\.)\s*${TEST_GLOBALS}(?![\w$])|\b(?:new\s+)?Function\s*\(\s*['"\`]\s*return\s+(?:this|globalThis|global|process)\b|\(\s*0\s*,\s*eval\s*\)|\b(?:Reflect\s*\.\s*(?:get|set|ownKeys|getOwnPropertyDescriptor|defineProperty|apply)|Object\s*\.\s*(?:keys|entries|values|getOwnPropertyNames|getOwnPropertyDescriptors?|defineProperty|assign))\s*\(\s*(?:${global}|${proc})\s*[,)]`,
      ),
      what: reach,
    },
    {
      // an exit that could only say success (no status, 0, or one computed at run time); a literal failing
      // status (`process.exit(1)`) cannot forge a pass
      id: 'process-exit',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(String.raw`${proc}\s*(?:\?\.|\.)\s*(?:exit|reallyExit)(?![\w$])`),
      after: { pattern: /(?!\s*\(\s*[1-9]\d*\s*\))/, until: EVERY_ANCHOR },
      what: ends,
    },
    {
      id: 'process-exit',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(
        String.raw`${proc}\s*(?:\?\.|\.)\s*(?:abort|_exiting|_kill|setUncaughtExceptionCaptureCallback)(?![\w$])|${proc}\s*\.\s*kill\s*\(\s*(?:-|0\b|\+?\s*${proc}\s*\.\s*p?pid\b)|${proc}\s*\.\s*(?:removeListener|removeAllListeners|off)\s*\(\s*(?:\)|['"\`](?:uncaughtException|uncaughtExceptionMonitor|unhandledRejection|exit|beforeExit)['"\`])|${proc}\s*\.\s*_events\b`,
      ),
      what: ends,
    },
    {
      // a handler for uncaught errors that swallows them; one that sets a failing status, exits with one or
      // throws again within its first lines cannot forge a pass (r50: a CLI's honest `process.exitCode = 1`)
      id: 'process-exit',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(
        String.raw`${proc}\s*\.\s*(?:on|once|prependListener|prependOnceListener|addListener)\s*\(\s*['"\`](?:uncaughtException|uncaughtExceptionMonitor|unhandledRejection)['"\`]`,
      ),
      after: {
        pattern: /(?![\s\S]{0,300}?(?:\bexitCode\s*=\s*[1-9]|\bexit\s*\(\s*[1-9]|\bthrow\b))/,
        until: EVERY_ANCHOR,
      },
      what: ends,
    },
    {
      // `process.exitCode = 0` before a throw the code swallows: the run ends "successfully"
      id: 'process-exit',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(String.raw`${proc}\s*\.\s*exitCode\s*(?:=(?!=)|\?\?=|\|\|=)`),
      after: { pattern: /(?!\s*[1-9]\d*\s*(?:[;\n}]|$))/, until: EVERY_ANCHOR },
      what: ends,
    },
    {
      // in tests, putting back a status saved earlier (`process.exitCode = saved` in an afterEach) is the
      // usual way CLI tests clean up (r50); a literal success or a status computed in place is not
      id: 'process-exit',
      languages: 'javascript',
      where: 'tests',
      pattern: new RegExp(String.raw`${proc}\s*\.\s*exitCode\s*(?:=(?!=)|\?\?=|\|\|=)`),
      after: {
        pattern: /(?!\s*(?:[1-9]\d*|(?!undefined\b|null\b|void\b)[A-Za-z_$][\w$]*)\s*(?:[;\n}]|$))/,
        until: EVERY_ANCHOR,
      },
      what: ends,
    },
    {
      // the process's members under a key made at run time (`process['ex' + 'it']`), or its exits by a plain one
      id: 'process-exit',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(String.raw`${proc}\s*(?:\?\.\s*)?\[`),
      after: {
        pattern: new RegExp(String.raw`(?!${PLAIN_KEY})|\s*['"\`]${PROCESS_ENDS}['"\`]\s*\]`),
        until: EVERY_ANCHOR,
      },
      what: ends,
    },
    {
      // `const { exit } = process`, `const { exit: quit } = proc`
      id: 'process-exit',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(
        String.raw`\{[^{}\n]{0,200}?(?<![\w$])(?:exit|reallyExit|abort|kill|exitCode)(?![\w$])[^{}\n]{0,200}\}\s*=\s*${proc}`,
      ),
      what: ends,
    },
  ];
}
