import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { packageRoot } from '../core/package-root.js';

// every read of a file counted, to tell a load that trusted the stamps from one that read the rules
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, readFileSync: vi.fn(real.readFileSync) };
});

// the unit tier's files share a thread: the modules are imported afresh, so that they read through the mock
let artefacts: typeof import('./rule-artefact.js');
let loader: typeof import('./rules.js');
beforeAll(async () => {
  vi.resetModules();
  artefacts = await import('./rule-artefact.js');
  loader = await import('./rules.js');
});
const buildRuleArtefact = (directory: string) => loader.buildRuleArtefact(directory);
const loadRuleSet = (...args: Parameters<typeof loader.loadRuleSet>) => loader.loadRuleSet(...args);
const readArtefactFile = (path: string) => artefacts.readArtefactFile(path);
const unchangedSince = (...args: Parameters<typeof artefacts.unchangedSince>) =>
  artefacts.unchangedSince(...args);

let scratch: string;
let rules: string;
let artefact: string;

beforeEach(() => {
  scratch = fs.mkdtempSync(join(tmpdir(), 'vouch-rule-stamps-'));
  rules = join(scratch, 'rules');
  artefact = join(scratch, 'shipped-rules.json');
  fs.cpSync(join(packageRoot(), 'rules', 'security'), rules, { recursive: true });
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Sets every rule file's modification time to `seconds` since the epoch. */
function touchAll(seconds: number): void {
  for (const name of fs.readdirSync(rules)) fs.utimesSync(join(rules, name), seconds, seconds);
}

/** The artefact of the copied rules, weak-hash's message changed: tells a load from it from one from the files. */
function writeArtefact(): void {
  const built = buildRuleArtefact(rules);
  const weakHash = built.rules.find((rule) => (rule as { id: string }).id === 'weak-hash') as {
    message: string;
  };
  weakHash.message = 'read from the artefact';
  fs.writeFileSync(artefact, JSON.stringify(built));
}

/** weak-hash's message as loaded, and how many rule files were read to load it. */
function load(): { message: string; reads: number } {
  const read = vi.mocked(fs.readFileSync);
  read.mockClear();
  const message = loadRuleSet(rules, { artefact }).byId.get('weak-hash')!.message;
  const reads = read.mock.calls.filter(([path]) => String(path).startsWith(rules)).length;
  return { message, reads };
}

/** Changes weak-hash.json's message to one of the same length, keeping its modification time. */
function editKeepingSizeAndTime(): void {
  const file = join(rules, 'weak-hash.json');
  const { mtime } = fs.statSync(file);
  const text = fs.readFileSync(file, 'utf8');
  const rule = JSON.parse(text) as { message: string };
  const edited = JSON.stringify({
    ...rule,
    message: rule.message.replace(/^./, (c) => (c === 'X' ? 'Y' : 'X')),
  });
  fs.writeFileSync(file, edited.padEnd(text.length, ' '));
  expect(fs.statSync(file).size).toBe(text.length);
  fs.utimesSync(file, mtime, mtime);
}

describe("the rule artefact's stamps", () => {
  it('vouch for files last changed well before the build: the artefact is taken and no rule file is read', () => {
    touchAll(1_600_000_000);
    writeArtefact();
    expect(load()).toEqual({ message: 'read from the artefact', reads: 0 });
  });

  it('do not vouch for a file changed after the build, even one of the same size: the files are validated', () => {
    touchAll(1_600_000_000);
    writeArtefact();
    const file = join(rules, 'weak-hash.json');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('"message": "', '"message": "X').replace(/\s*}\s*$/, '}'));
    const loaded = load();
    expect(loaded.message).not.toBe('read from the artefact');
    expect(loaded.reads).toBeGreaterThan(0);
  });

  it('do not vouch for files changed within RACY_MS of the build: an edit then keeping size and time is still seen', () => {
    // the files' clock a second before the build: a coarse file system's tick could hide an edit after it
    touchAll(Math.floor(Date.now() / 1000) - 1);
    writeArtefact();
    expect(unchangedSince(rules, readArtefactFile(artefact)!)).toBe(false);
    // unedited, the key (the files read and hashed) still takes the artefact
    expect(load().message).toBe('read from the artefact');
    editKeepingSizeAndTime();
    const loaded = load();
    expect(loaded.message).not.toBe('read from the artefact');
    expect(loaded.message).toMatch(/^[XY]/);
  });

  it('do not vouch for a folder with a file added or removed', () => {
    touchAll(1_600_000_000);
    writeArtefact();
    const stored = readArtefactFile(artefact)!;
    expect(unchangedSince(rules, stored)).toBe(true);
    fs.writeFileSync(join(rules, 'zz-extra.json'), '{}');
    fs.utimesSync(join(rules, 'zz-extra.json'), 1_600_000_000, 1_600_000_000);
    expect(unchangedSince(rules, stored)).toBe(false);
    fs.rmSync(join(rules, 'zz-extra.json'));
    fs.rmSync(join(rules, 'weak-hash.json'));
    expect(unchangedSince(rules, stored)).toBe(false);
  });

  it('do not vouch for an artefact of another version of the loader: the key (which holds the version) decides', () => {
    touchAll(1_600_000_000);
    writeArtefact();
    const stored = readArtefactFile(artefact)!;
    expect(stored.version).toBe(artefacts.ARTEFACT_VERSION);
    expect(unchangedSince(rules, stored)).toBe(true);
    // a dist/ whose code was rebuilt without its artefact: the stamps match, the version does not
    fs.writeFileSync(artefact, JSON.stringify({ ...stored, version: artefacts.ARTEFACT_VERSION - 1 }));
    expect(unchangedSince(rules, readArtefactFile(artefact)!)).toBe(false);
    const { version: _dropped, ...unversioned } = stored;
    expect(unchangedSince(rules, unversioned)).toBe(false);
  });

  it('are an artefact of the build (RACY_MS is two seconds)', () => {
    expect(artefacts.RACY_MS).toBe(2_000);
    touchAll(1_600_000_000);
    const built = buildRuleArtefact(rules);
    expect(built.stamps?.map(([name]) => name)).toEqual(
      fs
        .readdirSync(rules)
        .filter((n) => n.endsWith('.json'))
        .sort(),
    );
    expect(built.stamps?.every(([, , mtimeNs]) => mtimeNs === '1600000000000000000')).toBe(true);
  });
});
