/**
 * Issue 59 (w66): where one file's work can grow, and whether the engine's cooperative deadline
 * (src/security/engine/deadline.ts) stops it. For each kind, a generated input at two sizes (n and 2n):
 *
 * - the pieces that read no clock (the trigger test `mayMatch`, the secret detectors, the bidi scan: single
 *   regular-expression passes V8 runs in one go) are timed at both sizes: a ratio near 2 is linear, 4 would
 *   be quadratic;
 * - the whole analysis (`analyzeSource`) is timed without a deadline, then with one 100 ms ahead: how long
 *   after it the analysis stopped (the overshoot) is what a budget promises.
 *
 *   node --import tsx bench/security/deadline-kinds.ts
 *
 * Prints a markdown table; records nothing itself. In-process, one thread, warm (each kind runs once
 * before it is timed).
 */

import type { LanguageId } from '../../src/core/index.js';
import {
  AnalysisStopped,
  analyzeSource,
  bidiControlFindings,
  defaultRuleSet,
  secretFindings,
} from '../../src/security/index.js';
import { parse, parseWithin } from '../../src/syntax/index.js';
import { nestedParser } from '../../test/support/nested-parser.js';

interface Kind {
  name: string;
  language: LanguageId;
  /** the input at size `n` (the base unit of each kind) */
  make: (n: number) => string;
  n: number;
}

const repeat = (unit: string, n: number) => unit.repeat(n);

const KINDS: Kind[] = [
  {
    name: 'parse: unclosed brackets (tree-sitter error recovery)',
    language: 'python',
    make: (n) => `import os\nfrom flask import request\nos.system(request.args["q"] + ${repeat('(', n)}\n`,
    n: 20_000,
  },
  {
    name: 'parse: deep nesting of lists',
    language: 'javascript',
    make: (n) =>
      `const cp = require("child_process");\napp.get("/", (req, res) => cp.exec(req.query.q + ${repeat('[', n)}${repeat(']', n)}));\n`,
    n: 20_000,
  },
  {
    name: 'lite tree + interpretation: many flat statements',
    language: 'python',
    make: (n) =>
      `import os\nfrom flask import request\n${Array.from({ length: n }, (_, i) => `v${i} = request.args.get("a") + "${i}"\n`).join('')}os.system(v0)\n`,
    n: 10_000,
  },
  {
    name: 'closures in place (bundled parser, nested functions)',
    language: 'javascript',
    make: (n) => nestedParser({ depth: n, filler: 40 }),
    n: 150,
  },
  {
    name: 'fixpoint: a chain of helpers, callers first',
    language: 'python',
    make: (n) =>
      `import os\nfrom flask import request\n${Array.from({ length: n }, (_, i) => `def h${i}(x):\n    return h${i + 1}(x) + "a"\n`).join('')}def h${n}(x):\n    os.system(x)\n    return x\n\ndef view():\n    h0(request.args["q"])\n`,
    n: 400,
  },
  {
    name: 'string folding: long sums of constants',
    language: 'python',
    make: (n) =>
      `import os\n${Array.from({ length: n }, (_, i) => `k${i} = "s" + "k_l" + "ive_" + "${'a'.repeat(24)}" + str(${i})\n`).join('')}os.system(k0)\n`,
    n: 4_000,
  },
  {
    name: 'secrets: one long line of key-like text',
    language: 'python',
    make: (n) => `x = "${repeat('sk_live_AKIAghp_xoxb-', n)}"\n`,
    n: 40_000,
  },
  {
    name: 'secrets: PEM headers with no end',
    language: 'python',
    make: (n) => repeat('-----BEGIN RSA PRIVATE KEY-----\nMIIB', n),
    n: 20_000,
  },
  {
    name: 'triggers on one line: assembled-secret words (`a + b`, `%s%s`, `}{`)',
    language: 'python',
    make: (n) => `import os\nx = ${repeat('a + b + "s" "k_l" "%s%s" % (c, d) + f"{e}{f}" + ', n)}1\n`,
    n: 20_000,
  },
  {
    name: 'triggers on one line: hostname-regex words (`/` then labels)',
    language: 'javascript',
    make: (n) => `const r = /${repeat('a.', n)}com/;\nconst u = "${repeat('/x.example', n)}";\n`,
    n: 100_000,
  },
];

function ms(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** The fastest of three runs: the load and the collector move single runs by several times. */
function timeSync(work: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    work();
    best = Math.min(best, ms(start));
  }
  return best;
}

/** tree-sitter's parse alone, whole and with a 5 ms timeout (`parseWithin`): ms, and whether it stopped. */
async function parseTimes(kind: Kind, source: string): Promise<string> {
  const language = kind.language;
  await parse(language, 'x = 1\n').then((tree) => tree.delete());
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    (await parse(language, source)).delete();
    best = Math.min(best, ms(start));
  }
  const start = performance.now();
  const bounded = await parseWithin(language, source, 5);
  const took = ms(start);
  bounded?.delete();
  return `${best} (5 ms timeout: ${bounded ? 'finished' : 'stopped'} in ${took})`;
}

async function analysis(
  kind: Kind,
  source: string,
  deadline?: number,
): Promise<{ ms: number; stopped: boolean; error?: string }> {
  const start = performance.now();
  try {
    await analyzeSource({
      source,
      language: kind.language,
      file: 'generated',
      ruleSet: defaultRuleSet(),
      ...(deadline !== undefined ? { deadline: start + deadline } : {}),
    });
    return { ms: ms(start), stopped: false };
  } catch (error) {
    // anything else is reported as what it is (a long `a + b + …` overflows a recursive walk's stack)
    if (!(error instanceof AnalysisStopped))
      return { ms: ms(start), stopped: false, error: error instanceof Error ? error.name : String(error) };
    return { ms: ms(start), stopped: true };
  }
}

const rules = defaultRuleSet();
const rows: string[] = [
  '| kind | size n / 2n | parse ms, n; 2n | mayMatch ms (n, 2n) | secrets ms (n, 2n) | bidi ms (n, 2n) | analysis ms, no deadline (n, 2n) | with a 100 ms deadline, 2n: stopped after ms |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
];
for (const kind of KINDS) {
  const small = kind.make(kind.n);
  const large = kind.make(kind.n * 2);
  const family = kind.language === 'python' ? rules.python : rules.javascript;
  // warm: the grammar, the rule tables, the engine's code
  await analysis(kind, small);
  const may = [timeSync(() => family.mayMatch(small)), timeSync(() => family.mayMatch(large))];
  const secrets = [
    timeSync(() => secretFindings(small, 'generated')),
    timeSync(() => secretFindings(large, 'generated')),
  ];
  const bidi = [
    timeSync(() => bidiControlFindings(small, 'generated')),
    timeSync(() => bidiControlFindings(large, 'generated')),
  ];
  const parsed = `${await parseTimes(kind, small)}; ${await parseTimes(kind, large)}`;
  const whole = [await analysis(kind, small), await analysis(kind, large)];
  const bounded = await analysis(kind, large, 100);
  rows.push(
    `| ${kind.name} | ${(small.length / 1024).toFixed(0)} / ${(large.length / 1024).toFixed(0)} KB | ${parsed} | ${may.join(', ')} | ${secrets.join(', ')} | ${bidi.join(', ')} | ${whole.map((run) => (run.error ? `${run.error} after ${run.ms}` : run.ms)).join(', ')} | ${bounded.stopped ? `**${bounded.ms}**` : bounded.error ? `${bounded.error} after ${bounded.ms}` : `finished in ${bounded.ms}`} |`,
  );
  process.stderr.write(`${kind.name}: done\n`);
}
process.stdout.write(`${rows.join('\n')}\n`);
