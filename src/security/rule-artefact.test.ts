import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { EnvironmentError } from '../core/errors.js';
import { packageRoot } from '../core/package-root.js';
import { readRuleArtefact, ruleFilesKey } from './rule-artefact.js';
import { buildRuleArtefact, loadRuleSet, triggerWords } from './rules.js';
import { anchorsOf, knownAnchors, rememberAnchors } from './trigger-test.js';

let scratch: string;
let rules: string;
let artefact: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vouch-rule-artefact-'));
  rules = join(scratch, 'rules');
  artefact = join(scratch, 'shipped-rules.json');
  cpSync(join(packageRoot(), 'rules', 'security'), rules, { recursive: true });
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** The artefact of the copied rules, with weak-hash's message changed: tells a load from it from one from the files. */
function writeArtefact(message: string): void {
  const built = buildRuleArtefact(rules);
  const weakHash = built.rules.find((rule) => (rule as { id: string }).id === 'weak-hash') as {
    message: string;
  };
  weakHash.message = message;
  writeFileSync(artefact, JSON.stringify(built));
}

const message = (options = { artefact }) => loadRuleSet(rules, options).byId.get('weak-hash')!.message;

describe("the build's rule artefact", () => {
  it('is read instead of the files when it was built from these very files', () => {
    const shipped = message({ artefact: false } as never);
    writeArtefact('read from the artefact');
    expect(message()).toBe('read from the artefact');
    expect(loadRuleSet(rules, { artefact: false }).byId.get('weak-hash')!.message).toBe(shipped);
  });

  it('is not used once a rule file changed after the build: the files are validated', () => {
    writeArtefact('stale');
    const file = join(rules, 'weak-hash.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...rule, message: 'edited' }));
    expect(
      readRuleArtefact(artefact, ruleFilesKey([{ name: 'weak-hash.json', text: '{}' }])),
    ).toBeUndefined();
    expect(message()).toBe('edited');
    writeFileSync(file, JSON.stringify({ ...rule, severity: 'dreadful' }));
    expect(() => message()).toThrow(EnvironmentError);
  });

  it('is never read for a folder other than the shipped one, and nothing is written for it', () => {
    writeArtefact('read from the artefact');
    const home = join(scratch, 'home');
    const saved = { HOME: process.env.HOME, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
    process.env.HOME = home;
    process.env.XDG_CACHE_HOME = join(home, '.cache');
    try {
      const shipped = loadRuleSet(rules).byId.get('weak-hash')!.message;
      expect(shipped).not.toBe('read from the artefact');
      expect(existsSync(home)).toBe(false);
    } finally {
      for (const [name, value] of Object.entries(saved))
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
  });

  it('a damaged artefact is not used', () => {
    writeArtefact('read from the artefact');
    writeFileSync(artefact, readFileSync(artefact, 'utf8').slice(0, 500));
    expect(message()).toBe(loadRuleSet(rules, { artefact: false }).byId.get('weak-hash')!.message);
  });

  it("holds each trigger word's anchors as computed afresh, whatever this thread remembered", () => {
    // a load from an artefact whose anchors are all wrong fills this thread's memo with them
    const wrong = buildRuleArtefact(rules);
    writeFileSync(
      artefact,
      JSON.stringify({ ...wrong, anchors: wrong.anchors.map(([word]) => [word, ['QQQQQQQQ']]) }),
    );
    loadRuleSet(rules, { artefact });
    // the unit tier's files share this thread: its memo is put right again, whatever this test finds
    onTestFinished(() => rememberAnchors(knownAnchors().map(([word]) => [word, anchorsOf(word) ?? null])));
    const built = buildRuleArtefact(rules);
    const words = new Map(built.anchors);
    for (const rule of built.rules as Parameters<typeof triggerWords>[0][])
      for (const language of ['python', 'javascript'] as const)
        for (const word of triggerWords(rule, language).sinks) expect(words.has(word), word).toBe(true);
    for (const [word, anchors] of built.anchors)
      expect([word, anchors]).toEqual([word, anchorsOf(word) ?? null]);
  });
});
