import {
  JS_ASSERTION_MODULES,
  javascriptLoaderCall,
  javascriptReachRules,
} from './harness-rules-javascript.js';

/**
 * What counts as code reaching for the test harness (issue 55). A test run is evidence only about code
 * that leaves the runner alone: code in the same interpreter as pytest, unittest, node:test, vitest or
 * jest (and vouch's drivers beside them) can always rewrite their verdict, so code that looks for them,
 * patches them, walks the object graph or the stack towards them, writes on raw descriptors or ends the
 * process under them is a finding of its own, whatever the run said.
 *
 * Each rule is a pattern over the source with its comments blanked (strings stay: module names travel in
 * them). `where` says whose code it applies to: the candidate (`code`), tests (`tests`) or both. Tests may
 * import their framework and patch the code under test, so the rules that would flag that apply to the
 * candidate only.
 */
export interface HarnessRule {
  id: string;
  languages: 'python' | 'javascript';
  where: 'code' | 'tests' | 'both';
  pattern: RegExp;
  /** what the matched code does, as the finding says it */
  what: string;
  /**
   * For a pattern of the shape `anchor [^…]* rest`, which a regex search runs in quadratic time (each
   * anchor reads on to the end of its span, and a span can hold thousands of anchors): `pattern` is only
   * the anchor, `after` must match right after it, and the anchors before `until` are not tried again.
   * Their `after` would read a suffix of the same span, so it could only fail where the first one failed;
   * the search reads each span once and stays linear in the text (r41: a 266 KB line of `sys.argv, "a"`
   * froze the server for 37 s).
   */
  after?: { pattern: RegExp; until: RegExp };
  /**
   * For a rule read off the source itself (`derivedRules`): the offsets it applies at, found by reading the
   * text; `pattern` is then unused (a pattern made of a 100 KB line is too large for the regex engine).
   */
  at?: readonly number[];
}

const PY_HARNESS_MODULES = String.raw`(?:py\.?test|_pytest(?:\.\w+)*|pluggy|unittest(?:\.\w+)*|doctest|nose2?|conftest|vouch_?\w*|sandbox_worker|exec_driver|matrix_driver|import_probe)`;
const PY_HARNESS_METHODS = String.raw`(?:runtest|runtestprotocol|call_and_report|pytest_\w+|addFailure|addError|addSuccess|addSubTest|addSkip|addExpectedFailure|addUnexpectedSuccess|wasSuccessful|_callTestMethod|_outcome|failureException|assert[A-Z]\w*)`;
/** `sys.modules`, also reached as `__import__('sys').modules` or through importlib */
const PY_SYS_MODULES = String.raw`(?:\bsys|__import__\s*\(\s*['"]sys['"]\s*\)|importlib\.import_module\s*\(\s*['"]sys['"]\s*\))\s*\.\s*modules`;
const JS_BUILTIN_MATCHERS = String.raw`(?:toBe|toEqual|toStrictEqual|toBeTruthy|toBeFalsy|toBeDefined|toBeUndefined|toBeNull|toBeNaN|toContain|toContainEqual|toMatch|toMatchObject|toThrow|toThrowError|toHaveLength|toHaveProperty|toBeCloseTo|toBeGreaterThan|toBeGreaterThanOrEqual|toBeLessThan|toBeLessThanOrEqual|toBeInstanceOf|toHaveBeenCalled\w*|toHaveReturned\w*|toResolve|toReject|resolves|rejects)`;

/** the first statement of a method (a docstring before it skipped), read after `def __eq__(` */
const PY_FIRST_RETURN = String.raw`[^()]*\)[^:\n]*:\s*(?:(?:"""[\s\S]{0,4000}?"""|'''[\s\S]{0,4000}?''')\s*)?return\s+`;
/** what is true whatever it is compared with: a constant, or a name compared with itself (`other is other`) */
const PY_ALWAYS_TRUE = String.raw`(?:True|1|not\s+(?:False|0|None)|(?<same>\w+)\s*(?:is|==)\s*\k<same>\b)`;
const PY_ALWAYS_FALSE = String.raw`(?:False|0|None|not\s+(?:True|1)|(?<same>\w+)\s*(?:is\s+not|!=)\s*\k<same>\b)`;
/**
 * `__eq__` that answers True to anything, `__ne__` that answers False: a value every `==` assertion accepts.
 * Each is an anchor and an `after` (the old single patterns read on from every `def __eq__(`: 9 000 of them
 * held the server 4.5 s, r46).
 */
const ALWAYS_EQUAL: readonly { pattern: RegExp; after: NonNullable<HarnessRule['after']> }[] = [
  {
    pattern: /\b__eq__\s*=\s*lambda\b/,
    after: { pattern: new RegExp(String.raw`[^:\n]*:\s*${PY_ALWAYS_TRUE}(?![\w.(])`), until: /[:\n]/ },
  },
  {
    pattern: /\b__ne__\s*=\s*lambda\b/,
    after: { pattern: new RegExp(String.raw`[^:\n]*:\s*${PY_ALWAYS_FALSE}(?![\w.(])`), until: /[:\n]/ },
  },
  {
    pattern: /\bdef\s+__eq__\s*\(/,
    after: {
      pattern: new RegExp(String.raw`${PY_FIRST_RETURN}${PY_ALWAYS_TRUE}[ \t]*$`, 'm'),
      until: /[()]/,
    },
  },
  {
    pattern: /\bdef\s+__ne__\s*\(/,
    after: {
      pattern: new RegExp(String.raw`${PY_FIRST_RETURN}${PY_ALWAYS_FALSE}[ \t]*$`, 'm'),
      until: /[()]/,
    },
  },
];

export const HARNESS_RULES: readonly HarnessRule[] = [
  // Python: finding the runner or vouch's drivers
  {
    id: 'sys-modules-harness',
    languages: 'python',
    where: 'both',
    pattern: new RegExp(
      String.raw`${PY_SYS_MODULES}\s*(?:\[|\.get\s*\(|\.pop\s*\(|\.setdefault\s*\()\s*[rbuf]?['"]${PY_HARNESS_MODULES}['"]`,
    ),
    what: 'looks up the test runner or a vouch driver in sys.modules',
  },
  {
    id: 'harness-detection',
    languages: 'python',
    where: 'code',
    pattern: new RegExp(
      String.raw`[rbuf]?['"]${PY_HARNESS_MODULES}['"]\s*(?:not\s+)?in\s+(?:${PY_SYS_MODULES}|globals\(\)|dir\(\))|PYTEST_(?:CURRENT_TEST|VERSION|XDIST\w*|ADDOPTS)|VOUCH_\w+|['"]_?pytest['"]\s+in\s+sys\.argv`,
    ),
    what: 'behaves differently when a test runner or vouch is present (harness detection)',
  },
  {
    // `sys.argv` and, later on its line, a string naming the runner
    id: 'harness-detection',
    languages: 'python',
    where: 'code',
    pattern: /sys\.argv\b/,
    after: { pattern: /[^\n]*['"][^'"\n]*(?:pytest|unittest)/, until: /\n/ },
    what: 'behaves differently when a test runner or vouch is present (harness detection)',
  },
  {
    // the code under test has no reason to name the runner or vouch's modules at all: a set intersection
    // with sys.modules, a membership test on a copy of it, a lookup by a computed name all start here
    id: 'harness-names',
    languages: 'python',
    where: 'code',
    pattern: new RegExp(`[rbuf]?['"]${PY_HARNESS_MODULES}['"]`),
    what: 'names the test runner or a vouch module (harness detection)',
  },
  {
    id: 'harness-import',
    languages: 'python',
    where: 'code',
    pattern:
      /^[^\S\n\r\u2028\u2029]*(?:from\s+(?:_pytest|pluggy|vouch_?\w*|unittest|pytest)\b|import\s+(?:_pytest|pluggy|vouch_?\w*|unittest|pytest)\b)/m,
    what: 'imports the test runner or a vouch driver into the code under test',
  },
  {
    id: 'harness-import',
    languages: 'python',
    where: 'tests',
    pattern: /^[^\S\n\r\u2028\u2029]*(?:from\s+(?:pluggy|vouch_?\w*)\b|import\s+(?:pluggy|vouch_?\w*)\b)/m,
    what: "imports pytest's plugin manager or a vouch driver",
  },
  {
    id: 'harness-patch',
    languages: 'python',
    where: 'both',
    // the class, then its dotted path (`.\w+` steps, so a later class name on the path is read by the first)
    pattern:
      /\b(?:_?pytest|unittest|TestCase|TestResult|TextTestResult|TextTestRunner|TestLoader|TestSuite|TestProgram|Function|Item|Session|Module|Class|CallInfo|TestReport|Config|PluginManager)\b/,
    after: {
      pattern: new RegExp(String.raw`(?:\.\w+)*\.${PY_HARNESS_METHODS}\s*=(?!=)`),
      until: /[^\w.]|\.(?!\w)/,
    },
    what: 'monkeypatches the test framework (its test items, results or assertions)',
  },
  {
    id: 'harness-patch',
    languages: 'python',
    where: 'both',
    pattern: /setattr\s*\(/,
    after: { pattern: new RegExp(String.raw`[^)\n]*['"]${PY_HARNESS_METHODS}['"]`), until: /[)\n]/ },
    what: 'monkeypatches the test framework (its test items, results or assertions)',
  },
  {
    id: 'harness-plugin',
    languages: 'python',
    where: 'both',
    pattern:
      /\b(?:hookimpl|hookwrapper|pluginmanager|pytest_plugins)\b|^[^\S\n\r\u2028\u2029]*def\s+pytest_(?:runtest_\w+|collection\w*|sessionfinish|sessionstart|configure|report_teststatus|terminal_summary|pyfunc_call|exception_interact|assertrepr_compare|make_collect_report|collectreport)\s*\(/m,
    what: 'registers pytest hooks or plugins (they decide what the run reports)',
  },
  {
    id: 'vouch-channel',
    languages: 'python',
    where: 'both',
    pattern: /\b(?:CHANNEL|ReportChannel|open_channel|close_in_child|VOUCH_REPORT\w*)\b/,
    what: "reaches for vouch's report channel (where the run's verdict travels)",
  },
  // Python: reaching the runner's memory
  {
    id: 'object-graph-walk',
    languages: 'python',
    where: 'both',
    pattern:
      /\bgc\s*\.\s*(?:get_objects|get_referrers|get_referents)\b|\bsys\s*\.\s*(?:_getframe|_current_frames|settrace|setprofile)\b|\binspect\s*\.\s*(?:currentframe|stack|getouterframes|trace)\b|\.(?:f_back|f_globals|f_locals|tb_frame|gi_frame|cr_frame|ag_frame|f_builtins)\b|\bctypes\s*\.\s*(?:pythonapi|memmove|string_at|PyDLL|CDLL\s*\(\s*None)|\bcdll\s*\.\s*LoadLibrary\s*\(\s*None|\bsys\s*\.\s*addaudithook\b/,
    what: 'walks the object graph, the stack or raw memory (the way to reach the runner from inside)',
  },
  // Python: rewriting what the interpreter itself means (r41): an assert whose AssertionError is pytest's
  // Skipped, a test whose function body is swapped for an empty one, a value that equals everything
  {
    id: 'builtins-write',
    languages: 'python',
    where: 'code',
    pattern:
      /\bsetattr\s*\(\s*(?:builtins|__builtins__|vars\s*\(\s*builtins\s*\))\s*,|\b(?:builtins|__builtins__)\s*\.\s*(?!__dict__\b)\w+\s*=(?!=)|\b(?:__builtins__|builtins\s*\.\s*__dict__|vars\s*\(\s*builtins\s*\))\s*\.\s*(?:update|setdefault|pop|__setitem__)\s*\(/,
    what: 'rewrites a builtin (an AssertionError that is a skip, an `isinstance` that lies) under the test run',
  },
  {
    id: 'builtins-write',
    languages: 'python',
    where: 'code',
    pattern: /\b(?:__builtins__|builtins\s*\.\s*__dict__|vars\s*\(\s*builtins\s*\))\s*\[/,
    after: { pattern: /[^\]\n]*\]\s*=(?!=)/, until: /[\]\n]/ },
    what: 'rewrites a builtin (an AssertionError that is a skip, an `isinstance` that lies) under the test run',
  },
  {
    // a module fetched from sys.modules by a name built at run time (`"_py" + "test.outcomes"`): the
    // runner's modules, hidden from the name rules above (r45)
    id: 'sys-modules-harness',
    languages: 'python',
    where: 'code',
    pattern: new RegExp(String.raw`${PY_SYS_MODULES}\s*(?:\[|\.get\s*\(|\.pop\s*\(|\.setdefault\s*\()`),
    after: {
      pattern:
        /(?!\s*__(?:name|package)__\b)\s*(?:[rb]?f['"]|[^\]\n]{0,200}?(?:['"]\s*[+%]|\+\s*[rbuf]?['"]|\.join\s*\(|\.format\s*\(|\bchr\s*\(|\[\s*::\s*-1\s*\]))/,
      until: /[\]\n]/,
    },
    what: 'looks up a module in sys.modules by a name built at run time (the test runner, hidden from a plain search)',
  },
  {
    id: 'code-object-write',
    languages: 'python',
    where: 'both',
    pattern: /\.\s*__code__\s*=(?!=)/,
    what: "replaces a function's code object (a test's body swapped for an empty one)",
  },
  {
    id: 'code-object-write',
    languages: 'python',
    where: 'both',
    pattern: /\bsetattr\s*\(/,
    after: { pattern: /[^)\n]*['"]__code__['"]/, until: /[)\n]/ },
    what: "replaces a function's code object (a test's body swapped for an empty one)",
  },
  ...ALWAYS_EQUAL.map(
    (rule): HarnessRule => ({
      id: 'always-equal',
      languages: 'python',
      where: 'code',
      ...rule,
      what: 'defines an equality that holds for everything (a result every `==` assertion accepts)',
    }),
  ),
  // Python: ending the process or its run out of turn
  {
    id: 'process-exit',
    languages: 'python',
    where: 'both',
    pattern:
      /\b(?:os|posix|nt)\s*\.\s*(?:_exit|abort|kill\s*\(\s*os\s*\.\s*get(?:p)?pid|killpg)\b|\batexit\s*\.\s*register\b|\bsignal\s*\.\s*(?:signal|setitimer|alarm|pthread_kill|raise_signal)\s*\(|\bfaulthandler\s*\.\s*dump_traceback_later\b/,
    what: 'ends the process or changes how it ends (os._exit, atexit, signals) under the test run',
  },
  // Python: raw descriptors
  {
    id: 'raw-descriptor',
    languages: 'python',
    where: 'both',
    pattern:
      /\bos\s*\.\s*(?:write|writev|pwrite|pwritev|sendfile|splice|dup2)\s*\(|\b(?:io\.)?(?:open|FileIO)\s*\(\s*\d+\s*[,)]|\/proc\/(?:self|thread-self|\d+|\{|%|['"]\s*\+)|\/dev\/fd\b|\bsocket\s*\.\s*fromfd/,
    what: 'writes on raw file descriptors or opens them through /proc (where verdicts travel)',
  },
  {
    id: 'raw-descriptor',
    languages: 'python',
    where: 'both',
    pattern: /\bsocket\s*\.\s*socket\s*\(/,
    after: { pattern: /[^)\n]*fileno\s*=/, until: /[)\n]/ },
    what: 'writes on raw file descriptors or opens them through /proc (where verdicts travel)',
  },
  // JavaScript and TypeScript
  {
    id: 'harness-detection',
    languages: 'javascript',
    where: 'code',
    pattern:
      /\bprocess\s*\.\s*env\s*(?:\.\s*|\[\s*['"`])(?:VITEST\w*|JEST_WORKER_ID|NODE_TEST_CONTEXT|VOUCH_\w+|TEST_WORKER_INDEX|MOCHA\w*)\b|__vitest\w*|\bimport\.meta\.vitest\b|\btypeof\s+(?:describe|it|test|expect|jest|vi)\s*[!=]==?|\bglobalThis\s*\.\s*(?:expect|jest|vi|describe|__vitest\w*)\b/,
    what: 'behaves differently when a test runner or vouch is present (harness detection)',
  },
  {
    id: 'harness-detection',
    languages: 'javascript',
    where: 'code',
    pattern: /\bprocess\s*\.\s*(?:argv|execArgv)\b/,
    after: { pattern: /[^\n]*(?:--test|vitest|jest)/, until: /\n/ },
    what: 'behaves differently when a test runner or vouch is present (harness detection)',
  },
  {
    // a value that tells the test framework it matches anything (vitest's and jest's asymmetric matchers,
    // React's element tag the pretty-format reads): `toEqual(5)` accepts it (r45)
    id: 'harness-patch',
    languages: 'javascript',
    where: 'code',
    pattern: /\basymmetricMatch\b|\$\$typeof\b|Symbol\s*\.\s*for\s*\(\s*['"`](?:jest|vitest)\.asymmetric/,
    what: "poses as one of the test framework's own matchers (an asymmetricMatch that accepts anything)",
  },
  {
    id: 'runner-frames',
    languages: 'javascript',
    where: 'both',
    pattern:
      /['"`](?:node:)?v8['"`]|\bv8\s*\.\s*(?:serialize|Serializer|DefaultSerializer)\b|\bgetBuiltinModule\s*\(\s*['"`](?:node:)?(?:v8|inspector|test)['"`]|['"`](?:node:)?inspector(?:\/promises)?['"`]|\bprocess\s*\.\s*(?:binding|_linkedBinding|stdout\s*\.\s*_handle)\b|\binternalBinding\b/,
    what: "writes the test runner's own serialized frames or reaches the runtime's internals",
  },
  {
    id: 'test-registration',
    languages: 'javascript',
    where: 'code',
    pattern: /['"`](?:node:test|vitest|@jest\/globals|@vitest\/runner|vitest\/runners|jest-circus)['"`]/,
    what: 'registers tests or reaches the runner from the code under test',
  },
  {
    id: 'raw-descriptor',
    languages: 'javascript',
    where: 'both',
    pattern:
      /\bfs\s*\.\s*(?:writeSync|write|createWriteStream|openSync|fsyncSync)\s*\(\s*[1-9]\d*|\/proc\/(?:self|\d+|\$\{)|\/dev\/fd\b|\bnew\s+(?:net\.)?Socket\s*\(\s*\{\s*fd\s*:/,
    what: 'writes on raw file descriptors or opens them through /proc (where verdicts travel)',
  },
  {
    id: 'harness-patch',
    languages: 'javascript',
    where: 'both',
    pattern: new RegExp(
      String.raw`\bexpect\s*\.\s*extend\s*\(\s*\{[\s\S]{0,2000}?\b${JS_BUILTIN_MATCHERS}\s*[(:]|(?<![\w$.])(?:assert|expect|strict)\s*\.\s*\w+\s*=(?!=)|\bObject\s*\.\s*(?:defineProperty|assign|setPrototypeOf)\s*\(\s*(?:assert|expect|strict)\b|Symbol\.for\s*\(\s*['"\`]\$\$jest|\bglobalThis\s*\.\s*(?:expect|test|it|describe)\s*=(?!=)`,
    ),
    what: "replaces the test framework's assertions or matchers (expect.extend over a built-in matcher)",
  },
];

/** the pattern of a rule that applies at offsets of its own (`at`) */
const NOWHERE = /(?!)/;

const PY_VALUE_TYPES =
  /^(?:builtins\.)?(?:int|float|complex|str|bytes|bytearray|tuple|list|dict|set|frozenset)$/;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A class over a builtin value type whose `__eq__` (or `__ne__`) never reads what it is compared with: the
 * value the candidate returns answers every `assert f(x) == 5` itself (r41). One rule per such method, its
 * pattern the method's own line.
 */
function pythonEqualityRules(text: string): HarnessRule[] {
  const rules: HarnessRule[] = [];
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let line = 0, offset = 0; line < lines.length; offset += (lines[line] as string).length + 1, line++)
    starts.push(offset);
  const indentOf = (line: string) => line.length - line.trimStart().length;
  for (let at = 0; at < lines.length; at++) {
    const cls = /^(\s*)class\s+\w+\s*\(([^)]*)\)\s*:/.exec(lines[at] as string);
    if (!cls) continue;
    const bases = (cls[2] as string).split(',').map((base) => base.trim());
    if (!bases.some((base) => PY_VALUE_TYPES.test(base))) continue;
    const classIndent = (cls[1] as string).length;
    for (let inner = at + 1; inner < lines.length; inner++) {
      const line = lines[inner] as string;
      if (line.trim() && indentOf(line) <= classIndent) break;
      // `\b` after the name: `(\w+)[^)]*` backtracked over every split of a long unclosed line (w184)
      const method = /^\s*def\s+(__eq__|__ne__)\s*\(\s*\w+\s*,\s*(\w+)\b[^)]*\)[^:]*:(.*)$/.exec(line);
      if (!method) continue;
      let body = method[3] as string;
      for (let next = inner + 1; next < lines.length; next++) {
        const bodyLine = lines[next] as string;
        if (bodyLine.trim() && indentOf(bodyLine) <= indentOf(line)) break;
        body += `\n${bodyLine}`;
      }
      // `other is other` names the parameter and reads nothing of it (r45)
      const read = body.replace(/(?<![\w.])(\w+)\s*(?:is(?:\s+not)?|==|!=)\s*\1(?![\w.(])/g, ' ');
      if (new RegExp(`\\b${method[2]}\\b`).test(read)) continue;
      rules.push({
        id: 'always-equal',
        languages: 'python',
        where: 'code',
        pattern: NOWHERE,
        at: [starts[inner] as number],
        what: `defines ${method[1]} on a subclass of ${bases.find((base) => PY_VALUE_TYPES.test(base))} that never reads what it is compared with (a result every \`==\` assertion accepts)`,
      });
    }
  }
  return rules;
}

/** what vitest and jest export besides assertions (a write on `cfg.test` is no write on the framework) */
const JS_NOT_ASSERTIONS =
  /^(?:test|it|describe|suite|bench|beforeAll|beforeEach|afterAll|afterEach|onTestFailed|onTestFinished|vi|jest|mock)$/;

/** `import builtins as _b`, `_b = __import__('builtins')`: the other names the builtins module goes by */
const PY_BUILTINS_ALIAS = new RegExp(
  String.raw`\bimport\s+builtins\s+as\s+(\w+)|^[^\S\n]*(\w+)\s*=\s*(?:builtins\b(?!\s*\.)|__import__\s*\(\s*['"]builtins['"]\s*\)|importlib\s*\.\s*import_module\s*\(\s*['"]builtins['"]\s*\)|${PY_SYS_MODULES}\s*\[\s*['"]builtins['"]\s*\])`,
  'gm',
);

/** A write on the builtins module under another name (r45: `import builtins as _b; setattr(_b, …)`). */
function pythonBuiltinsAliasRules(text: string): HarnessRule[] {
  const aliases = new Set<string>();
  for (const match of text.matchAll(PY_BUILTINS_ALIAS)) aliases.add((match[1] ?? match[2]) as string);
  aliases.delete('builtins');
  if (aliases.size === 0) return [];
  const alias = String.raw`(?<![\w.])(?:${[...aliases].map(escapeRegExp).join('|')})\b`;
  return [
    {
      id: 'builtins-write',
      languages: 'python',
      where: 'code',
      pattern: new RegExp(
        String.raw`\bsetattr\s*\(\s*(?:${alias}|vars\s*\(\s*${alias}\s*\))\s*,|${alias}\s*\.\s*(?!__dict__\b)\w+\s*=(?!=)|(?:${alias}\s*\.\s*__dict__|vars\s*\(\s*${alias}\s*\))\s*(?:\[|\.\s*(?:update|setdefault|pop|__setitem__)\s*\()`,
      ),
      what: 'rewrites a builtin (an AssertionError that is a skip, an `isinstance` that lies) under the test run',
    },
  ];
}

const PY_MODULES_WALK = new RegExp(
  String.raw`${PY_SYS_MODULES}\s*\)?\s*\.\s*(?:values|items)\s*\(|\b(?:dict|list|tuple|vars)\s*\(\s*${PY_SYS_MODULES}\s*\)\s*\.\s*(?:values|items)\s*\(`,
  'g',
);

/**
 * A walk over every loaded module (the runner's and the tests' among them) that reaches their objects. A
 * walk over `.items()` whose module variable is never read again (`sorted(n for n, m in
 * sys.modules.items() if n.startswith(p))`) reads names only: that is no tampering (r45). Anything that
 * could read the variable without naming it (`locals()`, `exec`) keeps the finding.
 */
function pythonModulesWalkRules(text: string): HarnessRule[] {
  const places: number[] = [];
  const dynamic = /\b(?:locals|vars|exec|eval|globals)\s*\(/.test(text);
  const uses = new Map<string, number>();
  const usesOf = (name: string) => {
    let count = uses.get(name);
    if (count === undefined) {
      count = (text.match(new RegExp(String.raw`\b${name}\b`, 'g')) ?? []).length;
      uses.set(name, count);
    }
    return count;
  };
  for (const match of text.matchAll(PY_MODULES_WALK)) {
    const at = match.index ?? 0;
    const start = text.lastIndexOf('\n', at) + 1;
    // the loop's head, read a bounded way back (many walks on one line stay linear)
    const before = text.slice(Math.max(start, at - 200), at);
    const target = /\bfor\s+\w+\s*,\s*(\w+)\s+in\s+(?:(?:dict|list|tuple)\s*\(\s*)?$/.exec(before);
    const namesOnly =
      !dynamic && /items\s*\($/.test(match[0]) && target !== null && usesOf(target[1] as string) === 1;
    if (!namesOnly) places.push(at);
  }
  if (places.length === 0) return [];
  return [
    {
      id: 'sys-modules-walk',
      languages: 'python',
      where: 'code',
      pattern: NOWHERE,
      at: places,
      what: "walks every loaded module (the runner's and the tests' among them) to take their objects by name",
    },
  ];
}

/**
 * The local names the assertion libraries are bound to (`import checks from 'node:assert'`, `const { strict:
 * s } = require('assert')`, `import { expect as e } from 'vitest'`): the plain names `assert`, `expect`,
 * `strict` are not the only way to reach them (r41).
 */
export function javascriptAssertionNames(text: string): string[] {
  const names = new Set<string>();
  const specifiers = (list: string) => {
    for (const part of list.split(',')) {
      const named = /^(\w+)(?:\s*(?::|\bas\b)\s*(\w+))?$/.exec(part.trim().replace(/^type\s+/, ''));
      // vitest's and jest's `test`, `it`, `describe`… register tests; only their assertions are named here
      if (named && !JS_NOT_ASSERTIONS.test(named[1] as string)) names.add((named[2] ?? named[1]) as string);
    }
  };
  const from = String.raw`\s*from\s*${JS_ASSERTION_MODULES}`;
  for (const match of text.matchAll(
    new RegExp(String.raw`\bimport\s+(\w+)\s*(?:,\s*\{([^{}]*)\})?${from}`, 'g'),
  )) {
    names.add(match[1] as string);
    if (match[2]) specifiers(match[2]);
  }
  for (const match of text.matchAll(new RegExp(String.raw`\bimport\s*\*\s*as\s+(\w+)${from}`, 'g')))
    names.add(match[1] as string);
  for (const match of text.matchAll(new RegExp(String.raw`\bimport\s*(?:type\s*)?\{([^{}]*)\}${from}`, 'g')))
    specifiers(match[1] as string);
  // any loader: `require`, `import()`, `createRequire(import.meta.url)`, `module.constructor._load` (w198)
  const load = String.raw`(?:await\s+)?${javascriptLoaderCall(text)}\s*${JS_ASSERTION_MODULES}\s*\)`;
  for (const match of text.matchAll(new RegExp(String.raw`\b(?:const|let|var)\s+(\w+)\s*=\s*${load}`, 'g')))
    names.add(match[1] as string);
  for (const match of text.matchAll(
    new RegExp(String.raw`\b(?:const|let|var)\s*\{([^{}]*)\}\s*=\s*${load}`, 'g'),
  ))
    specifiers(match[1] as string);
  names.delete('type');
  return [...names];
}

function javascriptAssertionRules(text: string): HarnessRule[] {
  const names = javascriptAssertionNames(text);
  if (names.length === 0) return [];
  // a name of its own: `cfg.test` and `opts.assert` are some other object's members (r45)
  const name = String.raw`(?<![\w$.])(?:${names.map(escapeRegExp).join('|')})(?![\w$])`;
  const replaces =
    "replaces the test framework's assertions (a write on the assertion module, under any local name)";
  const walks = "walks the assertion module's members (the first step to replacing them all)";
  return [
    {
      // the name, then its member path: the path is read once from its first name (r46: 12 000 `assert.`
      // read from each held the server 17 s); a word after a space, not after a dot, starts a new path
      id: 'harness-patch',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(name),
      after: {
        pattern: /(?:\s*(?:\.\s*[\w$]+|\[[^\]\n]{1,200}\]))+\s*=(?!=)/,
        until: /[^\w$.\s[\]]|(?<!\.)\s+(?=[\w$])/,
      },
      what: replaces,
    },
    {
      id: 'harness-patch',
      languages: 'javascript',
      where: 'both',
      pattern: new RegExp(
        String.raw`\b(?:Object|Reflect)\s*\.\s*(?:defineProperty|defineProperties|assign|setPrototypeOf|set|deleteProperty)\s*\(\s*${name}`,
      ),
      what: replaces,
    },
    {
      id: 'harness-patch',
      languages: 'javascript',
      where: 'code',
      pattern: new RegExp(
        String.raw`\b(?:Object\s*\.\s*(?:keys|entries|values|getOwnPropertyNames|getOwnPropertyDescriptors|getOwnPropertySymbols)|Reflect\s*\.\s*ownKeys)\s*\(\s*${name}|\bin\s+${name}\s*\)`,
      ),
      what: walks,
    },
    {
      // `of [`, then the name before the bracket closes (r46: 25 000 `of [` held the server 16 s)
      id: 'harness-patch',
      languages: 'javascript',
      where: 'code',
      pattern: /\bof\s*\[/,
      after: { pattern: new RegExp(String.raw`[^\]\n]*${name}`), until: /[\]\n]/ },
      what: walks,
    },
  ];
}

/** Rules read off the source itself: the names it gives the assertion modules, the classes it defines. */
export function derivedRules(text: string, family: HarnessRule['languages']): HarnessRule[] {
  return family === 'python'
    ? [...pythonEqualityRules(text), ...pythonBuiltinsAliasRules(text), ...pythonModulesWalkRules(text)]
    : [...javascriptAssertionRules(text), ...javascriptReachRules(text, javascriptAssertionNames(text))];
}
