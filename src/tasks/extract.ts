import { type LanguageId, normalizeLanguage } from '../core/languages.js';

/**
 * Pulls code, explanation and tests out of what real models return: fenced blocks with or without a
 * language tag (and with ~~~ or longer fences), several blocks, chatter before and after, a bare answer
 * with no fences at all, JSON when asked for it, and JSON wrapped in a fence.
 */
export interface ExtractedAnswer {
  code: string;
  explanation: string;
  tests: string;
  /** language named by the fence that held the code, when it named one vouch knows */
  fenceLanguage: LanguageId | undefined;
  /** how the code was found, for the report */
  source: 'json' | 'fence' | 'bare' | 'none';
  /** code blocks the answer also had and that were not taken (neither the code nor its tests) */
  unused?: { language: LanguageId | undefined; info: string; lines: number }[];
  /** the caller expected a language and no block was in it: the code is in this one */
  mismatch?: LanguageId;
}

/** Whether code in `found` can stand for code in `expected` (TypeScript and TSX stand for each other). */
export function compatibleLanguage(found: LanguageId | undefined, expected: LanguageId | undefined): boolean {
  return (
    !expected ||
    found === undefined ||
    found === expected ||
    (expected === 'typescript' && found === 'tsx') ||
    (expected === 'tsx' && found === 'typescript')
  );
}

export interface CodeBlock {
  info: string;
  language: LanguageId | undefined;
  body: string;
  start: number;
  end: number;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\n`]*)$/;

/** Every fenced block, in order. An unclosed final fence (a reply cut off) still yields its block. */
export function findCodeBlocks(text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  let offset = 0;
  let open: { fence: string; info: string; start: number; bodyStart: number; indent: number } | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    const lineEnd = offset + raw.length + 1;
    if (!open) {
      const match = FENCE_OPEN.exec(line);
      if (match)
        open = {
          fence: match[2]!,
          info: match[3]!.trim(),
          start: offset,
          bodyStart: lineEnd,
          indent: match[1]!.length,
        };
    } else {
      const trimmed = line.trim();
      if (trimmed.startsWith(open.fence[0]!.repeat(open.fence.length)) && /^[`~]+$/.test(trimmed)) {
        blocks.push(makeBlock({ text, open, bodyEnd: offset, end: lineEnd }));
        open = undefined;
      }
    }
    offset = lineEnd;
  }
  if (open) blocks.push(makeBlock({ text, open, bodyEnd: text.length, end: text.length }));
  return blocks;
}

function makeBlock({
  text,
  open,
  bodyEnd,
  end,
}: {
  text: string;
  open: { info: string; start: number; bodyStart: number; indent: number };
  bodyEnd: number;
  end: number;
}): CodeBlock {
  let body = text.slice(Math.min(open.bodyStart, bodyEnd), bodyEnd).replace(/\r/g, '');
  if (open.indent > 0) {
    const pad = new RegExp(`^ {0,${open.indent}}`, 'gm');
    body = body.replace(pad, '');
  }
  // `python title="x.py"`, `{.python}`, `py:main.py` — the first word names the language.
  const tag = open.info.replace(/^\{\s*\.?/, '').split(/[\s{}]/)[0] ?? '';
  const cleaned = tag.split(':')[0] ?? '';
  return {
    info: open.info,
    language: cleaned ? normalizeLanguage(cleaned) : undefined,
    body: body.replace(/\n$/, ''),
    start: open.start,
    end,
  };
}

const TEST_PATTERNS: Partial<Record<LanguageId, RegExp>> = {
  python: /(^|\n)\s*(def test_\w+|class Test\w*|import pytest|import unittest|from unittest)/,
  javascript: /(^|\n)\s*(describe|it|test)\(\s*['"`]|from ['"](vitest|node:test|@jest\/globals)['"]/,
  typescript: /(^|\n)\s*(describe|it|test)\(\s*['"`]|from ['"](vitest|node:test|@jest\/globals)['"]/,
  tsx: /(^|\n)\s*(describe|it|test)\(\s*['"`]|from ['"](vitest|node:test|@jest\/globals)['"]/,
  go: /func Test\w+\(t \*testing\.T\)/,
  rust: /#\[(cfg\(test\)|test)\]/,
  java: /@Test\b/,
};

const ANY_TEST = new RegExp(
  Object.values(TEST_PATTERNS)
    .map((pattern) => pattern!.source)
    .join('|'),
);

/**
 * A block of nothing but assertions (and the imports they need): `assert slug("A B") == "a-b"` lines in
 * Python, `assert.strictEqual(…)` / `assert(…)` / `console.assert(…)` lines in JavaScript — the tests
 * models write when asked for "a few checks" rather than a test file.
 */
function onlyAssertions(body: string, language: LanguageId | undefined): boolean {
  const python = language === 'python' || language === undefined;
  const script = language !== 'python';
  const statements = body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('//'));
  let assertions = 0;
  for (const line of statements) {
    if (python && /^assert\b/.test(line)) assertions++;
    else if (script && /^(assert(\.\w+)?|console\.assert)\(/.test(line)) assertions++;
    else if (/^(import\b|from\s+\S+\s+import\b|const\s+\w+\s*=\s*require\()/.test(line)) continue;
    // a continuation line of a multi-line assertion
    else if (
      assertions > 0 &&
      /^[)\]}.,\w'"`]/.test(line) &&
      !/^(def|class|function|let|var|const)\b/.test(line)
    )
      continue;
    else return false;
  }
  return assertions > 0;
}

/** Test definitions themselves (not the imports a test file has): test functions, classes, it/test calls. */
const DEFINES_TESTS =
  /(^|\n)\s*(def test_\w+|async def test_\w+|class Test\w*|class \w+\(\s*(unittest\.)?(IsolatedAsync)?TestCase\b|(describe|it|test)(\.\w+)?\(\s*['"`])/;

function definesTests(body: string, language: LanguageId | undefined): boolean {
  return DEFINES_TESTS.test(body) || onlyAssertions(body, language);
}

export function looksLikeTests(body: string, language: LanguageId | undefined): boolean {
  const pattern = language ? TEST_PATTERNS[language] : undefined;
  return (pattern ?? ANY_TEST).test(body) || onlyAssertions(body, language);
}

/** Languages that are prose, shell sessions or data rather than the answer's code. */
const NON_CODE_INFO =
  /^(bash|sh|shell|console|shell-session|text|txt|plaintext|output|json|yaml|toml|diff)$/i;

const JSON_CODE_KEYS = ['generated_code', 'code', 'solution', 'completion'];
const JSON_EXPLANATION_KEYS = ['explanation', 'description', 'rationale'];
const JSON_TEST_KEYS = ['test_stubs', 'tests', 'test_code', 'test'];

function firstString(object: Record<string, unknown>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('\n');
  }
  return undefined;
}

/** A JSON object answer, raw or fenced, with a code field. */
function fromJson(text: string): ExtractedAnswer | undefined {
  const candidates: string[] = [text.trim()];
  for (const block of findCodeBlocks(text)) {
    if (/^json5?$/i.test(block.info.split(/\s/)[0] ?? '') || block.body.trim().startsWith('{')) {
      candidates.push(block.body.trim());
    }
  }
  const braceStart = text.indexOf('{');
  const braceEnd = text.lastIndexOf('}');
  if (braceStart >= 0 && braceEnd > braceStart) candidates.push(text.slice(braceStart, braceEnd + 1));
  for (const candidate of candidates) {
    if (!candidate.startsWith('{')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
    const object = parsed as Record<string, unknown>;
    const rawCode = firstString(object, JSON_CODE_KEYS);
    if (rawCode === undefined) continue;
    // Models sometimes fence the code inside the JSON string too.
    const inner = findCodeBlocks(rawCode);
    const code = inner.length > 0 ? inner[0]!.body : rawCode;
    const rawTests = firstString(object, JSON_TEST_KEYS) ?? '';
    const innerTests = findCodeBlocks(rawTests);
    const language = typeof object.language === 'string' ? normalizeLanguage(object.language) : undefined;
    return {
      code: code.replace(/\s+$/, ''),
      explanation: (firstString(object, JSON_EXPLANATION_KEYS) ?? '').trim(),
      tests: (innerTests.length > 0 ? innerTests[0]!.body : rawTests).replace(/\s+$/, ''),
      fenceLanguage: language ?? inner[0]?.language,
      source: 'json',
    };
  }
  return undefined;
}

/** Removes the blocks from the text and tidies what remains into an explanation. */
function proseOutside(text: string, blocks: CodeBlock[]): string {
  let prose = '';
  let cursor = 0;
  for (const block of blocks) {
    prose += `${text.slice(cursor, block.start)}\n`;
    cursor = block.end;
  }
  prose += text.slice(cursor);
  return prose
    .split('\n')
    .filter(
      (line) =>
        !/^\s*(#+\s*)?(\*\*)?(code|solution|tests?|unit tests?|explanation|here is|here's)\b[^.]*:\s*(\*\*)?\s*$/i.test(
          line,
        ),
    )
    .join('\n')
    .replace(/^\s*(\*\*)?explanation(\*\*)?\s*:\s*/im, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Extracts the answer. `expected` is the language the caller asked for: a block in that language wins
 * over blocks in others; tests are the block that looks like tests.
 */
export function extractAnswer(text: string, expected?: LanguageId): ExtractedAnswer {
  const json = fromJson(text);
  if (json) {
    return json.fenceLanguage && !compatibleLanguage(json.fenceLanguage, expected)
      ? { ...json, mismatch: json.fenceLanguage }
      : json;
  }

  const blocks = findCodeBlocks(text).filter((block) => !NON_CODE_INFO.test(block.info.split(/\s/)[0] ?? ''));
  if (blocks.length === 0) {
    const trimmed = text.trim();
    const proseLike =
      /^[A-Z][^\n]*[.:!?]$/m.test(trimmed.split('\n')[0] ?? '') &&
      !/[;{}()=]/.test(trimmed.split('\n')[0] ?? '');
    if (!trimmed || proseLike) {
      return { code: '', explanation: trimmed, tests: '', fenceLanguage: undefined, source: 'none' };
    }
    return { code: trimmed, explanation: '', tests: '', fenceLanguage: undefined, source: 'bare' };
  }

  const compatible = (block: CodeBlock): boolean => compatibleLanguage(block.language, expected);
  const preferred = blocks.filter(compatible);
  const pool = preferred.length > 0 ? preferred : blocks;
  let testBlocks = pool.filter((block) => looksLikeTests(block.body, block.language ?? expected));
  let codeBlocks = pool.filter((block) => !testBlocks.includes(block));
  // code that imports unittest (unittest.mock) or vitest (vi) looks like tests by its imports alone: where
  // every block does, the blocks that define no test are the code, and the others still its tests
  if (codeBlocks.length === 0 && testBlocks.length > 1) {
    const defining = testBlocks.filter((block) => definesTests(block.body, block.language ?? expected));
    if (defining.length > 0 && defining.length < testBlocks.length) {
      codeBlocks = testBlocks.filter((block) => !defining.includes(block));
      testBlocks = defining;
    }
  }
  // Several code blocks: the answer is the longest; the others are usually usage examples or excerpts.
  let chosen: CodeBlock;
  if (codeBlocks.length === 0) {
    chosen = testBlocks[0]!;
  } else {
    chosen = codeBlocks.reduce((best, block) => (block.body.length > best.body.length ? block : best));
  }
  const tests = codeBlocks.length === 0 ? '' : testBlocks.map((block) => block.body).join('\n\n');
  const unused = blocks
    .filter((block) => block !== chosen && !(codeBlocks.length > 0 && testBlocks.includes(block)))
    .map((block) => ({ language: block.language, info: block.info, lines: block.body.split('\n').length }));
  return {
    code: chosen.body.replace(/\s+$/, ''),
    explanation: proseOutside(text, blocks),
    tests,
    fenceLanguage: chosen.language,
    source: 'fence',
    ...(unused.length > 0 ? { unused } : {}),
    ...(preferred.length === 0 && chosen.language ? { mismatch: chosen.language } : {}),
  };
}
