import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageForPath } from '../core/languages.js';
import { packageRoot } from '../core/package-root.js';
import { analyzeSource, ruleLanguage } from './engine/analyze.js';
import type { Rule, RuleLanguage } from './rule-schema.js';
import { defaultRuleSet, loadRuleSet, requiredWords, triggerWords } from './rules.js';
import { triggerTest } from './trigger-test.js';

const ruleSet = defaultRuleSet();

describe('shipped rule files', () => {
  it('load, validate and cover the families of the issue with their CWEs', () => {
    const cwes = new Set(ruleSet.rules.map((rule) => rule.cwe));
    for (const cwe of [
      89, 78, 94, 22, 502, 611, 918, 79, 601, 90, 643, 328, 338, 327, 329, 326, 295, 377, 614, 501, 798, 1321,
      1333, 489, 1327, 703,
      // issue 44: what code models get wrong
      306, 862, 434, 209, 200, 732, 117, 113, 400, 256, 916,
    ]) {
      expect(cwes, `CWE-${cwe}`).toContain(cwe);
    }
  });

  it('every rule has a vulnerable and a safe example for each language family it matches', () => {
    for (const rule of ruleSet.rules) {
      const families = new Set(
        [...rule.sinks, ...rule.patterns].flatMap((spec) => spec.languages ?? ['python', 'javascript']),
      );
      for (const family of families) {
        const examples = rule.examples.filter((example) =>
          family === 'python' ? example.language === 'python' : example.language !== 'python',
        );
        expect(
          examples.some((example) => example.vulnerable),
          `${rule.id} ${family} vulnerable example`,
        ).toBe(true);
        expect(
          examples.some((example) => !example.vulnerable),
          `${rule.id} ${family} safe example`,
        ).toBe(true);
      }
    }
  });
});

const cases = ruleSet.rules.flatMap((rule) =>
  rule.examples.map((example, index) => ({
    rule,
    example,
    name: `${rule.id} #${index + 1} ${example.language} ${example.vulnerable ? 'vulnerable' : 'safe'}`,
  })),
);

describe('rule examples', () => {
  it.each(cases)('$name', async ({ rule, example }) => {
    const findings = await analyzeSource({
      source: example.code,
      language: example.language,
      file: 'app/example',
      ruleSet,
    });
    const matching = findings.filter((finding) => finding.ruleId === rule.id);
    if (example.vulnerable) expect(matching.length, example.code).toBeGreaterThan(0);
    else expect(matching, example.code).toEqual([]);
  });
});

/**
 * True when the rule's own trigger words are in the text, and one of its required words when it has some:
 * without them the file would not be parsed for it.
 */
function triggered(rule: Rule, language: RuleLanguage, text: string): boolean {
  const words = triggerWords(rule, language);
  const requires = requiredWords(rule, language);
  return (
    triggerTest([...words.sinks, ...words.patterns]).test(text) &&
    (requires === undefined || triggerTest(requires).test(text))
  );
}

describe('trigger words', () => {
  // Files are parsed only when some rule's triggers match, so a trigger that misses a way of writing the
  // call silently hides findings. Every finding the engine makes on the examples and the corpora with the
  // trigger check switched off must carry its own rule's words, not borrow another rule's.
  const parseEverything = {
    ...ruleSet,
    python: { ...ruleSet.python, mayMatch: () => true },
    javascript: { ...ruleSet.javascript, mayMatch: () => true },
  };
  const corpora = ['corpus', 'corpus-holdout'].map((name) => join(packageRoot(), 'bench', 'security', name));
  const samples = [
    ...ruleSet.rules.flatMap((rule) =>
      rule.examples.map((example, index) => ({ where: `${rule.id} example ${index + 1}`, ...example })),
    ),
    ...corpora.flatMap((corpus) =>
      readdirSync(corpus).flatMap((family) =>
        ruleSet.byId.has(family)
          ? readdirSync(join(corpus, family))
              .filter((name) => languageForPath(name))
              .map((name) => ({
                where: `${family}/${name}`,
                language: languageForPath(name)!,
                code: readFileSync(join(corpus, family, name), 'utf8'),
              }))
          : [],
      ),
    ),
  ];

  it('are in every file where their rule finds something', async () => {
    expect(samples.length).toBeGreaterThan(300);
    const missed: string[] = [];
    let findings = 0;
    for (const { where, language, code } of samples) {
      for (const finding of await analyzeSource({
        source: code,
        language,
        file: 'app/sample',
        ruleSet: parseEverything,
      })) {
        findings++;
        const rule = ruleSet.byId.get(finding.ruleId)!;
        if (!triggered(rule, ruleLanguage(language)!, code)) missed.push(`${where}: ${rule.id}`);
      }
    }
    expect(findings).toBeGreaterThan(200);
    expect(missed).toEqual([]);
  });

  it('let through every way of writing a finding the review of the triggers found', async () => {
    // One file per spelling a tightened trigger once missed (aliases, annotations, mixed case, generics,
    // optional chaining, destructured imports): with the check on, the engine finds what it finds with it off.
    const folder = join(packageRoot(), 'src', 'security', '__fixtures__', 'triggers');
    const names = readdirSync(folder).filter((name) => languageForPath(name));
    expect(names.length).toBeGreaterThan(30);
    const lost: string[] = [];
    for (const name of names) {
      const code = readFileSync(join(folder, name), 'utf8');
      const language = languageForPath(name)!;
      const everything = await analyzeSource({
        source: code,
        language,
        file: `app/${name}`,
        ruleSet: parseEverything,
      });
      const checked = await analyzeSource({ source: code, language, file: `app/${name}`, ruleSet });
      expect(everything.length, name).toBeGreaterThan(0);
      if (checked.length !== everything.length) lost.push(name);
    }
    expect(lost).toEqual([]);
  });

  /** A way of writing a key from its pieces (two or three). */
  interface KeyForm {
    language: 'python' | 'javascript';
    code: (pieces: string[]) => string;
  }

  /**
   * Each key (a prefix and a tail) cut into `pieces` at every place inside or just after the prefix, written
   * in each form: `found`, the assembled keys the engine finds with the trigger check off, and `lost`, the
   * sources where it finds none, or fewer with the check on.
   */
  async function lostKeys({
    prefixes,
    pieces,
    forms,
  }: {
    prefixes: string[];
    pieces: 2 | 3;
    forms: KeyForm[];
  }): Promise<{ found: number; lost: string[] }> {
    const lost: string[] = [];
    let found = 0;
    for (const prefix of prefixes) {
      const key = `${prefix}51Hx9aQ2b8ZkP4r7Tg3mNv0Lw6Yc1Ud5Ee`;
      const cuts: number[][] = [];
      if (pieces === 2) for (let cut = 1; cut < prefix.length + 2; cut++) cuts.push([cut]);
      else
        for (let first = 1; first < prefix.length; first++)
          for (let second = first + 1; second < prefix.length + 2; second++) cuts.push([first, second]);
      for (const at of cuts)
        for (const { language, code } of forms) {
          const source = code([0, ...at].map((start, index) => key.slice(start, at[index])));
          const run = async (set: typeof ruleSet) =>
            (await analyzeSource({ source, language, file: 'app/settings', ruleSet: set })).filter(
              (finding) => finding.ruleId === 'assembled-secret',
            ).length;
          const everything = await run(parseEverything);
          found += everything;
          if (everything === 0 || (await run(ruleSet)) !== everything) lost.push(source);
        }
    }
    return { found, lost };
  }

  it("assembled-secret's are in every file where the engine folds a key from two pieces, in every form", async () => {
    // The engine folds `+`, join, `%`, format, f-strings and templates of constants; a key's prefix
    // (`sk_live_`…) split once leaves `sk_`/`rk_`/`pk_` in the first piece or `_live_`/`_test_` in the second,
    // whatever the form. Each split of each prefix, in each form, is found with the trigger check on.
    const forms: KeyForm[] = [
      { language: 'python', code: ([a, b]) => `A = "${a}"\nB = "${b}"\nKEY = A + B\n` },
      { language: 'python', code: ([a, b]) => `A = "${a}"\nB = "${b}"\nKEY = f"{A}{B}"\n` },
      { language: 'python', code: ([a, b]) => `A = "${a}"\nB = "${b}"\nKEY = "%s%s" % (A, B)\n` },
      { language: 'python', code: ([a, b]) => `A = "${a}"\nB = "${b}"\nKEY = "{}{}".format(A, B)\n` },
      { language: 'python', code: ([a, b]) => `P = ["${a}", "${b}"]\nKEY = "".join(P)\n` },
      {
        language: 'javascript',
        code: ([a, b]) => `const a = '${a}';\nconst b = '${b}';\nconst key = a + b;\n`,
      },
      { language: 'javascript', code: ([a, b]) => `const a = '${a}';\nconst key = \`\${a}${b}\`;\n` },
      { language: 'javascript', code: ([a, b]) => `const key = ['${a}', '${b}'].join('');\n` },
    ];
    const { found, lost } = await lostKeys({
      prefixes: ['sk_live_', 'rk_live_', 'pk_test_', 'sk_test_'],
      pieces: 2,
      forms,
    });
    expect(found).toBeGreaterThan(0);
    expect(lost).toEqual([]);
  });

  it("assembled-secret's are in every file where the engine folds a key from three or more pieces through names", async () => {
    // `a = "s"; b = "k_l"; c = "ive_…"; key = a + b + c` (issue 59): no piece need hold a word of the prefix, but
    // the innermost `+` of names only is `name + name`, and a join has its own word. Every two cuts of each
    // prefix, in each form, are found with the trigger check on.
    const forms: KeyForm[] = [
      { language: 'python', code: ([a, b, c]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\nkey = a + b + c\n` },
      { language: 'python', code: ([a, b, c]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\nkey = a + (b + c)\n` },
      {
        language: 'python',
        code: ([a, b, c]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\nab = a + b\nkey = ab + c\n`,
      },
      {
        language: 'python',
        code: ([a, b, c]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\nkey = "".join([a, b, c])\n`,
      },
      {
        language: 'javascript',
        code: ([a, b, c]) =>
          `const a = '${a}';\nconst b = '${b}';\nconst c = '${c}';\nconst key = a + b + c;\n`,
      },
      // round 6 review (issue 59): parentheses, continuation lines, names outside ASCII, comments around the `+`
      {
        language: 'python',
        code: ([a, b, c]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\nkey = (a) + (b) + (c)\n`,
      },
      {
        language: 'python',
        code: ([a, b, c]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\nkey = a \\\n    + b \\\n    + c\n`,
      },
      { language: 'python', code: ([a, b, c]) => `ä = "${a}"\nö = "${b}"\nü = "${c}"\nkey = ä + ö + ü\n` },
      {
        language: 'javascript',
        code: ([a, b, c]) =>
          `const a = '${a}';\nconst b = '${b}';\nconst c = '${c}';\nconst key = a /**/+/**/ b /* x */ + /**/ c;\n`,
      },
      {
        language: 'javascript',
        code: ([a, b, c]) =>
          `const a = '${a}';\nconst b = '${b}';\nconst c = '${c}';\nconst key = (a) + (b) + (c);\n`,
      },
      {
        language: 'javascript',
        code: ([a, b, c]) =>
          `const ä = '${a}';\nconst ö = '${b}';\nconst ü = '${c}';\nconst key = ä\n  + ö\n  + ü;\n`,
      },
      {
        language: 'javascript',
        code: ([a, b, c]) =>
          `const a = '${a}';\nconst b = '${b}';\nconst c = '${c}';\nconst key = [a, b, c].join('');\n`,
      },
    ];
    const { found, lost } = await lostKeys({ prefixes: ['sk_live_', 'pk_test_'], pieces: 3, forms });
    expect(found).toBeGreaterThan(0);
    expect(lost).toEqual([]);
  });

  it("assembled-secret's are in every file where the engine folds a key from three pieces through formatting, += or implicit concatenation (issue 59)", async () => {
    // Every two cuts of each prefix leave no `sk_`/`_live_` in any piece; what stays is the form: two fields
    // close together (`%s%s`, `}{`, `}k_l${`), one field between a literal `s`/`sk` and the rest of the
    // prefix (`s%sive_`), a short literal right after another (`"s" "k_l"`), `+=`, `.concat(`.
    const names = ([a, b, c]: string[]) => `a = "${a}"\nb = "${b}"\nc = "${c}"\n`;
    const constants = ([a, b, c]: string[]) => `const a = '${a}';\nconst b = '${b}';\nconst c = '${c}';\n`;
    const forms: KeyForm[] = [
      { language: 'python', code: (parts) => `${names(parts)}key = "%s%s%s" % (a, b, c)\n` },
      { language: 'python', code: (parts) => `${names(parts)}key = "{}{}{}".format(a, b, c)\n` },
      { language: 'python', code: (parts) => `${names(parts)}key = "{0}{1}{2}".format(a, b, c)\n` },
      { language: 'python', code: (parts) => `${names(parts)}key = f"{a}{b}{c}"\n` },
      { language: 'python', code: ([a, b, c]) => `key = "${a}%s${c}" % "${b}"\n` },
      { language: 'python', code: ([a, b, c]) => `a = "${a}"\nc = "${c}"\nkey = "%s${b}%s" % (a, c)\n` },
      { language: 'python', code: ([a, b, c]) => `b = "${b}"\nkey = f"${a}{b}${c}"\n` },
      { language: 'python', code: ([a, b, c]) => `a = "${a}"\nc = "${c}"\nkey = f"{a}${b}{c}"\n` },
      { language: 'python', code: ([a, b, c]) => `a = "${a}"\nc = "${c}"\nkey = "{}${b}{}".format(a, c)\n` },
      { language: 'python', code: ([a, b, c]) => `key = ("${a}" "${b}" "${c}")\n` },
      { language: 'python', code: (parts) => `${names(parts)}key = a\nkey += b\nkey += c\n` },
      {
        language: 'python',
        code: ([a, b, c]) => `key = ""\nfor p in ["${a}", "${b}", "${c}"]:\n    key += p\n`,
      },
      { language: 'javascript', code: (parts) => `${constants(parts)}const key = \`\${a}\${b}\${c}\`;\n` },
      { language: 'javascript', code: ([a, b, c]) => `const b = '${b}';\nconst key = \`${a}\${b}${c}\`;\n` },
      {
        language: 'javascript',
        code: ([a, b, c]) => `const a = '${a}';\nconst c = '${c}';\nconst key = \`\${a}${b}\${c}\`;\n`,
      },
      { language: 'javascript', code: (parts) => `${constants(parts)}let key = a;\nkey += b;\nkey += c;\n` },
      { language: 'javascript', code: (parts) => `${constants(parts)}const key = a.concat(b, c);\n` },
      {
        language: 'javascript',
        code: ([a, b, c]) => `let key = '';\nfor (const p of ['${a}', '${b}', '${c}']) key += p;\n`,
      },
    ];
    const { found, lost } = await lostKeys({ prefixes: ['sk_live_', 'pk_test_'], pieces: 3, forms });
    expect(found).toBeGreaterThan(0);
    expect(lost).toEqual([]);
  });

  it('are matched case-sensitively, so common lower-case words do not get a file parsed', () => {
    const { python } = ruleSet;
    expect(python.mayMatch('from django import template\n\ndef view(request):\n    return template\n')).toBe(
      false,
    );
    expect(python.mayMatch('class T(TestCase):\n    def test(self):\n        self.assertEqual(1, 1)\n')).toBe(
      false,
    );
    expect(python.mayMatch('def check(user):\n    assert user.is_admin\n')).toBe(true);
    expect(python.mayMatch('import logging\nlog = logging.getLogger()\nlog.debug("x")\n')).toBe(false);
    expect(python.mayMatch('DEBUG = True\n')).toBe(true);
  });

  it('are built once per language, when a file of it is first analysed', () => {
    // a getter that built the tables again would lose the glob indexes' memo of every lookup
    const set = loadRuleSet();
    const python = set.python;
    expect(set.python).toBe(python);
    expect(python.mayMatch('DEBUG = True\n')).toBe(true);
    expect(set.javascript).toBe(set.javascript);
    expect(set.javascript).not.toBe(python);
  });

  it("need a rule's required words too: a host name in a docstring is no regular expression", () => {
    // incomplete-hostname-regex tests a constant given to re.*/regex.* (Python) or RegExp (JavaScript):
    // a `.com` in a file that never names the module cannot be one (Debian's Django: 92 of 859 files)
    const { python, javascript } = ruleSet;
    const docstring = '"""See https://www.djangoproject.com/ for more."""\n\nVERSION = (3, 2)\n';
    expect(python.mayMatch(docstring)).toBe(false);
    expect(python.mayMatch(`import re\n${docstring}`)).toBe(true);
    expect(python.mayMatch(`from regex import compile\n${docstring}`)).toBe(true);
    expect(javascript.mayMatch('// see https://example.com/\nexport const version = 3;\n')).toBe(false);
    expect(javascript.mayMatch('const host = new RegExp("^www.example.com");\n')).toBe(true);
    // a regular-expression literal (issue 59): `/…` with no unescaped `/` before the host, so a URL in a string
    // or a comment (`//` before the host) is still no reason to parse the file
    expect(javascript.mayMatch('export const ok = (h) => /^(www|beta).example.com$/.test(h);\n')).toBe(true);
    expect(javascript.mayMatch('const ok = (h) => /^https?:\\/\\/[^/]+.example.com$/.test(h);\n')).toBe(true);
    expect(javascript.mayMatch('export const home = "https://www.example.com/docs";\n')).toBe(false);
  });

  it('repeat no group without a bound, so a word costs time linear in the file (issue 59)', () => {
    // `(?:…)*` around alternatives that share characters retries every start: the regular-expression literal's
    // required word took 5 s on 160 KB of `a[/]` before its loop was capped at 256 units (bench/notes/2026-11-26-gate-traps.md)
    const unbounded = /(?<!\\)\)(?:[*+]|\{\d+,\})/;
    const words = ruleSet.rules.flatMap((rule) => [
      ...(Array.isArray(rule.triggers) ? rule.triggers : Object.values(rule.triggers ?? {}).flat()),
      ...Object.values(rule.patternTriggers ?? {}).flat(),
      ...Object.values(rule.requires ?? {}).flat(),
    ]);
    expect(words.length).toBeGreaterThan(100);
    expect(words.filter((word) => typeof word === 'string' && unbounded.test(word))).toEqual([]);
    // the cap keeps what it was for: a host after a long path-like prefix or a 64-character class
    const { javascript } = ruleSet;
    expect(
      javascript.mayMatch(`const ok = (u) => /^https?:[/][/]${'[a-z]'.repeat(40)}.example.com/.test(u);\n`),
    ).toBe(true);
  });
});
