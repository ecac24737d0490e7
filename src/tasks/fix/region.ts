import type { CheckResult, Finding } from '../../core/check.js';

/** Lines of a file, 1-based and inclusive. */
export interface LineSpan {
  startLine: number;
  endLine: number;
}

/** A finding with the check that reported it. */
export interface CheckedFinding {
  check: string;
  finding: Finding;
}

/** A region larger than this (lines) is narrowed to the findings' own lines and some around them. */
const MAX_BLOCK_LINES = 300;
/** Lines kept around the findings when their blocks are too large. */
const AROUND = 20;

/**
 * A line that starts a top-level statement: written at the first column, and not the closing bracket of
 * the block above (`}` of a JavaScript function, `)` of a call spread over lines).
 */
function startsTopLevel(line: string): boolean {
  return line.length > 0 && !/^[\s})\]]/.test(line);
}

/**
 * The top-level block a line belongs to (the function, class or statement written at the first column
 * that holds it): from that statement's first line to the line before the next one, trailing blank lines
 * left out. The same rule serves Python and JavaScript/TypeScript, where top-level definitions start at
 * column 1 and their bodies are indented.
 */
export function enclosingBlock(lines: readonly string[], line: number): LineSpan {
  const decorator = (at: number) => (lines[at - 1] ?? '').startsWith('@');
  let start = Math.min(Math.max(line, 1), lines.length);
  while (start > 1 && !startsTopLevel(lines[start - 1]!)) start--;
  // a definition's decorators belong to it (Python's `@app.route(...)`, TypeScript's `@Component(...)`):
  // a region without them had answers repeat the decorator, or put an import between it and its function
  for (let above = start - 1; above >= 1 && lines[above - 1]!.trim(); above--) {
    if (!startsTopLevel(lines[above - 1]!)) continue;
    if (!decorator(above)) break;
    start = above;
  }
  let end = Math.max(start, Math.min(line, lines.length));
  for (;;) {
    while (end < lines.length && !startsTopLevel(lines[end]!)) end++;
    let lastTop = end;
    while (lastTop > start && !startsTopLevel(lines[lastTop - 1]!)) lastTop--;
    // a decorator's block runs on through the definition it decorates
    if (end < lines.length && decorator(lastTop)) {
      end++;
      continue;
    }
    break;
  }
  while (end > start && !lines[end - 1]!.trim()) end--;
  return { startLine: start, endLine: end };
}

/**
 * The lines a fix rewrites: the selection when one is given; otherwise the top-level blocks that hold the
 * findings, or — when those are large (a long class) — the findings' lines and some around them.
 */
export function fixRegion(lines: readonly string[], findingLines: readonly number[]): LineSpan {
  const blocks = findingLines.map((line) => enclosingBlock(lines, line));
  const span = {
    startLine: Math.min(...blocks.map((block) => block.startLine)),
    endLine: Math.max(...blocks.map((block) => block.endLine)),
  };
  if (span.endLine - span.startLine + 1 <= MAX_BLOCK_LINES) return span;
  const around = {
    startLine: Math.max(1, Math.min(...findingLines) - AROUND),
    endLine: Math.min(lines.length, Math.max(...findingLines) + AROUND),
  };
  // Blank lines at the end are left out, the empty "line" after a file's last newline among them: a
  // model's block loses trailing blank lines, and the fixed file would lose them (and its final newline).
  while (around.endLine > around.startLine && !lines[around.endLine - 1]!.trim()) around.endLine--;
  return around;
}

/** Findings about the machine's state rather than the code (a licence corpus not indexed): no rewrite fixes them. */
const NOT_ABOUT_THE_CODE = new Set(['licence.index-incomplete']);

/**
 * The findings of a file a fix compares, suppressed ones included (a fix must not hide a finding behind a
 * `vouch-ignore`), leaving out mere hints (`info`) and findings no rewrite of the code could fix.
 */
export function comparableFindings(checks: readonly CheckResult[]): CheckedFinding[] {
  const found: CheckedFinding[] = [];
  for (const check of checks)
    for (const finding of check.findings)
      if (finding.severity !== 'info' && !NOT_ABOUT_THE_CODE.has(finding.ruleId))
        found.push({ check: check.name, finding });
  return found;
}

/** The findings a fix is about: the comparable ones that are not suppressed (a `vouch-ignore` with a reason is the engineer's decision). */
export function fixableFindings(checks: readonly CheckResult[]): CheckedFinding[] {
  return comparableFindings(checks).filter((item) => !item.finding.suppressed);
}

const keyOf = (item: CheckedFinding) => `${item.check}\u0000${item.finding.ruleId}`;
const inside = (item: CheckedFinding, span: LineSpan) =>
  item.finding.line >= span.startLine && item.finding.line <= span.endLine;

export interface Attribution {
  /** the findings inside the region before the fix: what it was asked to remove */
  targets: CheckedFinding[];
  /** findings after the fix that are the fix's doing: inside the rewritten lines, or more of a kind outside */
  attributable: CheckedFinding[];
  /** of those, findings of the targets' kinds, up to as many as there were (not removed) */
  remaining: CheckedFinding[];
  /** the rest: new problems the fix brought */
  introduced: CheckedFinding[];
  /**
   * targets the checks no longer report because the fix added a comment that silences them
   * (`# type: ignore`, `// @ts-expect-error`, …): hidden, not fixed; they count among `remaining` too
   */
  suppressed: CheckedFinding[];
}

/**
 * Comments that tell a checker to say nothing about a line (or a file): a fix that adds one has hidden
 * the finding, not fixed it (r40 lie 8: `# type: ignore[operator]` counted as a fix, the TypeError left).
 * The spellings of the checkers vouch runs (r45): mypy (`# type: ignore`, `# mypy: ignore-errors`,
 * `# mypy: disable-error-code=…`, `# mypy: allow-…`), pyright (`# pyright: ignore`, `# pyright: basic`,
 * `# pyright: reportX=false` with nothing after it, w191), ruff and flake8 (`# noqa`, `# ruff: noqa`, `# flake8: noqa`), pylint
 * (`disable`, `disable-next`, `skip-file`), bandit (`# nosec`), TypeScript (`@ts-expect-error`,
 * `@ts-expect-error`, `@ts-nocheck`), eslint (`eslint-disable*`, `/* eslint rule: "off" *\/`,
 * `/* global x, y *\/`: names and commas only, w191), biome (`biome-ignore`, `-all`, `-start`). `vouch-ignore` is not here: vouch still
 * reports what it hides, marked suppressed.
 */
const SUPPRESSION =
  /(?:#|\/\/|\/\*+)\s*(?:type:\s*ignore\b|[Nn][Oo][Qq][Aa]\b|(?:flake8|ruff)\s*:\s*[Nn][Oo][Qq][Aa]\b|pylint:\s*(?:disable|skip-file)\b|pyright:\s*(?:ignore\b|basic\s*$|report\w+\s*=\s*(?:false|none|"none"|information|"information"|warning|"warning")(?:\s*,\s*report\w+\s*=\s*"?\w+"?)*\s*$)|mypy:\s*(?:ignore|disable-error-code|allow-|no-|disable-)|nosec\b|@ts-ignore\b|@ts-expect-error\b|@ts-nocheck\b|eslint-disable\b|eslint\s+[\w@/-]+\s*:\s*(?:["']?off["']?|0)\b|biome-ignore\b|deno-lint-ignore\b|jshint\s+ignore\b)|\/\*+\s*globals?\s+[A-Za-z_$][\w$]*(?:\s*:\s*\w+)?(?:\s*,\s*[A-Za-z_$][\w$]*(?:\s*:\s*\w+)?)*\s*,?\s*(?:\*\/|$)/;
/** Those that silence the whole file (or all that follows) when written on a line of their own. */
const FILE_WIDE =
  /^\s*(?:#\s*(?:type:\s*ignore\b|mypy:|pylint:\s*(?:disable\b(?!-next)|skip-file\b)|pyright:\s*(?:basic\s*$|report\w+\s*=\s*"?\w+"?(?:\s*,\s*report\w+\s*=\s*"?\w+"?)*\s*$)|(?:flake8|ruff)\s*:\s*[Nn][Oo][Qq][Aa]\b)|(?:\/\/|\/\*+)\s*(?:@ts-nocheck\b|eslint-disable(?!-)\b|eslint\s+[\w@/-]+\s*:|biome-ignore-(?:all|start)\b|deno-lint-ignore-file\b)|\/\*+\s*globals?\s+[A-Za-z_$][\w$]*(?:\s*:\s*\w+)?(?:\s*,\s*[A-Za-z_$][\w$]*(?:\s*:\s*\w+)?)*\s*,?\s*(?:\*\/|$))/;

/**
 * Code that hides a finding without a comment (r48): `@typing.no_type_check` (mypy skips the whole
 * function), a value cast or annotated to `Any` (`typing.cast(Any, x)`, `result: "typing.Any" = 0`, `as
 * any`), and a module's attribute looked up by a name built at run time or through its namespace
 * (`vars(tempfile)["mk" + "temp"]`, `getattr(tempfile, "mktemp")`, `m.__dict__[…]`, `globals()[…]`,
 * `__import__(…)`), which the checks' rules do not follow. A plain `getattr(obj, name)` of a variable is not
 * here: that is how code reads an attribute it is told.
 */
const HIDING_CODE =
  /@(?:typing\s*\.\s*)?no_type_check\b|\bcast\s*\(\s*['"]?(?:typing\.)?Any['"]?\s*,|^\s*[A-Za-z_][\w.]*\s*:\s*['"]?(?:typing\.)?Any['"]?\s*=|\bas\s+any\b|^\s*(?:(?:const|let|var)\s+)?[A-Za-z_$][\w$]*\s*:\s*any\s*[=;]|\bvars\s*\(\s*[\w.]+\s*\)\s*\[|\.__dict__\s*\[|\bglobals\s*\(\s*\)\s*\[|\b__import__\s*\(|\bgetattr\s*\(\s*[\w.]+\s*,\s*(?:['"]|[^()\n]*?(?:\+|\bjoin\s*\(|\bf['"]|\bchr\s*\())/;
/** Of those, the one that hides every finding of the definition it decorates. */
const BLOCK_WIDE = /^\s*@(?:typing\s*\.\s*)?no_type_check\b/;

const hiderIn = (line: string) => SUPPRESSION.exec(line) ?? HIDING_CODE.exec(line);

/** A suppression the fix added: its comment (or hiding code), the code line it silences, and its reach. */
export interface AddedSuppression {
  comment: string;
  code: string;
  fileWide: boolean;
  /** it silences the whole definition `code` starts (`@no_type_check`) */
  blockWide?: boolean;
}

/** The suppression comments the new text has that the old had not, each with the code line it silences. */
export function addedSuppressions(
  oldLines: readonly string[],
  newLines: readonly string[],
): AddedSuppression[] {
  const before = new Map<string, number>();
  for (const line of oldLines) if (hiderIn(line)) count(before, line.trim());
  const added: AddedSuppression[] = [];
  newLines.forEach((line, index) => {
    const match = hiderIn(line);
    if (!match) return;
    const left = before.get(line.trim()) ?? 0;
    if (left > 0) {
      before.set(line.trim(), left - 1);
      return;
    }
    if (!SUPPRESSION.test(line) && !BLOCK_WIDE.test(line)) {
      added.push({ comment: match[0].trim(), code: line.trim(), fileWide: false });
      return;
    }
    const code = line.slice(0, match.index).trim();
    const comment = line.slice(match.index).trim();
    if (code) {
      added.push({ comment, code, fileWide: false });
      return;
    }
    // a comment on its own line silences the next line of code (`// @ts-expect-error`), or the whole file
    let next = index + 1;
    while (
      next < newLines.length &&
      (!newLines[next]!.trim() || /^(?:#|\/\/|\/\*)/.test(newLines[next]!.trim()))
    )
      next++;
    added.push({
      comment,
      code: (newLines[next] ?? '').trim(),
      fileWide: FILE_WIDE.test(line) && !/-next-line|-line\b|disable-next\b/.test(line),
      ...(BLOCK_WIDE.test(line) ? { blockWide: true } : {}),
    });
  });
  return added;
}

const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * Which findings after the fix are the fix's doing. Lines move when the fix changes the line count, and a
 * finding has no identity across edits, so findings are compared by kind (check and rule): every finding
 * inside the rewritten lines counts, and outside them only those beyond the number of that kind that were
 * outside before (a signature change that breaks a caller elsewhere shows as one more type error there).
 * Both lists hold suppressed findings too (`comparableFindings`): inside the rewritten lines a suppressed
 * finding is the fix's doing unless the lines had as many of its kind suppressed before (the engineer's
 * own `vouch-ignore`, kept) — a fix that hides a finding behind a new `vouch-ignore` has not fixed it.
 */
export function attributeFindings({
  before,
  after,
  region,
  newRegion,
  text,
}: {
  before: readonly CheckedFinding[];
  after: readonly CheckedFinding[];
  region: LineSpan;
  newRegion: LineSpan;
  /** the file's lines before and after the fix: a target gone behind a new suppression comment is not fixed */
  text?: { before: readonly string[]; after: readonly string[] };
}): Attribution {
  const targets = before.filter((item) => inside(item, region) && !item.finding.suppressed);
  const outsideBefore = new Map<string, number>();
  const suppressedInsideBefore = new Map<string, number>();
  for (const item of before) {
    if (!inside(item, region)) count(outsideBefore, keyOf(item));
    else if (item.finding.suppressed) count(suppressedInsideBefore, keyOf(item));
  }
  const attributable: CheckedFinding[] = [];
  const outsideSeen = new Map<string, number>();
  for (const item of after) {
    if (newRegion.endLine >= newRegion.startLine && inside(item, newRegion)) {
      const kept = suppressedInsideBefore.get(keyOf(item)) ?? 0;
      if (item.finding.suppressed && kept > 0) suppressedInsideBefore.set(keyOf(item), kept - 1);
      else attributable.push(item);
      continue;
    }
    const seen = (outsideSeen.get(keyOf(item)) ?? 0) + 1;
    outsideSeen.set(keyOf(item), seen);
    if (seen > (outsideBefore.get(keyOf(item)) ?? 0)) attributable.push(item);
  }
  const targetCount = new Map<string, number>();
  for (const item of targets) targetCount.set(keyOf(item), (targetCount.get(keyOf(item)) ?? 0) + 1);
  const remaining: CheckedFinding[] = [];
  const introduced: CheckedFinding[] = [];
  for (const item of attributable) {
    const left = targetCount.get(keyOf(item)) ?? 0;
    if (left > 0) {
      targetCount.set(keyOf(item), left - 1);
      remaining.push(item);
    } else introduced.push(item);
  }
  const suppressed = text ? hiddenTargets({ targets, remaining, text }) : [];
  return {
    targets,
    attributable: [...attributable, ...suppressed],
    remaining: [...remaining, ...suppressed],
    introduced,
    suppressed,
  };
}

/**
 * The targets gone from the checks' reports behind a suppression comment the fix added: the one on (or
 * just above) the target's own line of code, or — when the fix also rewrote that line — as many of the
 * other gone targets as there are new comments left; all of them behind a file-wide one.
 */
function hiddenTargets({
  targets,
  remaining,
  text,
}: {
  targets: readonly CheckedFinding[];
  remaining: readonly CheckedFinding[];
  text: { before: readonly string[]; after: readonly string[] };
}): CheckedFinding[] {
  const added = addedSuppressions(text.before, text.after);
  if (added.length === 0) return [];
  const left = new Map<string, number>();
  for (const item of remaining) count(left, keyOf(item));
  const gone: CheckedFinding[] = [];
  for (const item of targets) {
    const n = left.get(keyOf(item)) ?? 0;
    if (n > 0) left.set(keyOf(item), n - 1);
    else gone.push(item);
  }
  if (added.some((suppression) => suppression.fileWide)) return gone.map(hidden(added[0]!.comment));
  // a decorator that silences a definition hides every finding of the definition it sits on
  const blocks = added.flatMap((suppression) => {
    if (!suppression.blockWide) return [];
    const at = text.before.findIndex((line) => line.trim() !== '' && line.trim() === suppression.code);
    return at < 0 ? [] : [{ suppression, span: enclosingBlock(text.before, at + 1) }];
  });
  // one comment silences every finding on its line
  const used = new Set<(typeof added)[number]>();
  const hiddenOnes: CheckedFinding[] = [];
  const unmatched: CheckedFinding[] = [];
  for (const item of gone) {
    const code = (text.before[item.finding.line - 1] ?? '').trim();
    const block = blocks.find((each) => inside(item, each.span));
    const suppression = block?.suppression ?? added.find((each) => code !== '' && each.code === code);
    if (suppression) {
      used.add(suppression);
      hiddenOnes.push(hidden(suppression.comment)(item));
    } else unmatched.push(item);
  }
  const unused = added.filter((suppression) => !used.has(suppression));
  for (const item of unmatched) {
    const suppression = unused.shift();
    if (!suppression) break;
    hiddenOnes.push(hidden(suppression.comment)(item));
  }
  return hiddenOnes;
}

const hidden =
  (comment: string) =>
  (item: CheckedFinding): CheckedFinding => ({
    check: item.check,
    finding: {
      ...item.finding,
      message: `${item.finding.message} (hidden by the fix's \`${comment}\`, not fixed)`,
    },
  });

/**
 * The checks as the verdict on a fix sees them: a check fails only on findings that are the fix's doing;
 * one that failed only on findings that were there before, outside what the fix changed, passes and says
 * how many it did not count. Checks that passed, were skipped or could not run are as they were.
 */
export function checksOfTheFix(
  after: readonly CheckResult[],
  attributable: readonly CheckedFinding[],
): CheckResult[] {
  const own = new Set(attributable.map((item) => item.finding));
  return after.map((check) => {
    // a failure with no findings is about the whole file (nothing to tell the fix's part from the rest)
    if ((check.status !== 'fail' && !check.blocking) || check.findings.length === 0) return check;
    const findings = check.findings.filter((finding) => own.has(finding));
    const uncounted = check.findings.length - findings.length;
    const note =
      uncounted > 0
        ? `${uncounted} finding${uncounted === 1 ? '' : 's'} that the file had before, outside the lines the fix changed, not counted`
        : undefined;
    if (findings.length > 0) return { ...check, findings, ...(note ? { reason: note } : {}) };
    const { blocking: _blocking, unverified, ...rest } = check;
    // what the check could not read stays not verified, whoever's the findings were (r18)
    if (unverified) return { ...rest, status: 'error', findings: [], reason: unverified };
    return { ...rest, status: 'pass', findings: [], ...(note ? { reason: note } : {}) };
  });
}
