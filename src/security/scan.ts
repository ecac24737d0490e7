import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../core/check.js';
import type { LanguageId } from '../core/languages.js';
import { analyzeSource, ruleLanguage } from './engine/analyze.js';
import { detectOthers, type ExternalRun, mergeFindings, runBandit } from './external.js';
import { defaultRuleSet, type RuleSet } from './rules.js';
import { contentHash, type ScanCache } from './scan-cache.js';
import { poolSize, scanInParallel } from './scan-pool.js';
import { secretFindings } from './secrets.js';
import { applySuppressions } from './suppress.js';

/** One piece of code to scan. `absolutePath` lets external scanners read the file in place. */
export interface ScanInput {
  /** the path reported in findings (relative to the workspace, or `<stdin>`, `<generated>`) */
  path: string;
  source: string;
  language?: LanguageId;
  absolutePath?: string;
}

export interface ScanOptions {
  ruleSet?: RuleSet;
  /** run installed external scanners (Bandit, …); default true */
  external?: boolean;
  workspaceRoot?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** remembered findings of unchanged files (vouch's engine only; suppressions and external scanners always run) */
  cache?: ScanCache;
  /**
   * worker threads for large scans: `true` always, `false` never, unset when cores are idle (a custom
   * ruleSet always runs in-process)
   */
  parallel?: boolean;
}

/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_FROM = 64;

export interface ToolRun {
  tool: string;
  ran: boolean;
  reason?: string;
  findings: number;
}

export interface ScanReport {
  findings: Finding[];
  files: number;
  /** files whose vouch findings came from the cache (unchanged since they were last scanned) */
  cached: number;
  /** which engines ran: always `vouch`, plus external scanners when installed */
  tools: ToolRun[];
  /** external findings dropped because vouch reported the same thing */
  duplicates: number;
  durationMs: number;
}

/** vouch's own engine on one file: rules with taint tracking plus secrets, duplicates on a line merged. */
export async function scanSource(input: ScanInput, ruleSet: RuleSet = defaultRuleSet()): Promise<Finding[]> {
  const own =
    input.language && ruleLanguage(input.language)
      ? await analyzeSource(input.source, input.language, input.path, ruleSet)
      : [];
  const secrets = secretFindings(input.source, input.path);
  // A secret format match says more than the generic hard-coded-credential rule on the same line.
  const secretLines = new Set(secrets.map((finding) => finding.line));
  const findings = [
    ...own.filter(
      (finding) => !(finding.ruleId === 'hardcoded-credentials' && secretLines.has(finding.line)),
    ),
    ...secrets,
  ];
  return findings;
}

export async function scanSources(inputs: ScanInput[], options: ScanOptions = {}): Promise<ScanReport> {
  const started = performance.now();
  const ruleSet = options.ruleSet ?? defaultRuleSet();
  const own: Finding[] = [];
  // A custom rule set is not what the cache's fingerprint describes: no cache then.
  const cache = options.ruleSet ? undefined : options.cache;
  const hashes = new Map<ScanInput, string>();
  const pending: ScanInput[] = [];
  for (const input of inputs) {
    if (!cache) {
      pending.push(input);
      continue;
    }
    const hash = contentHash(input.source);
    hashes.set(input, hash);
    const known = cache.get(input.path, hash);
    if (known) own.push(...known);
    else pending.push(input);
  }
  const fresh: Finding[] = [];
  const workers =
    options.parallel === false ? 1 : poolSize(pending.length, { ignoreLoad: options.parallel === true });
  if (workers > 1 && pending.length >= PARALLEL_FROM && !options.ruleSet) {
    fresh.push(...(await scanInParallel(pending, workers, options)));
  } else {
    let done = 0;
    for (const input of pending) {
      options.signal?.throwIfAborted();
      fresh.push(...(await scanSource(input, ruleSet)));
      done++;
      if (done % 25 === 0 || done === pending.length) options.onProgress?.(done, pending.length);
    }
  }
  own.push(...fresh);
  if (cache) {
    const byPath = new Map<string, Finding[]>(pending.map((input) => [input.path, []]));
    for (const finding of fresh) byPath.get(finding.file)?.push(finding);
    cache.putMany(
      pending.map((input) => ({
        path: input.path,
        hash: hashes.get(input)!,
        findings: byPath.get(input.path)!,
      })),
    );
  }
  const tools: ToolRun[] = [{ tool: 'vouch', ran: true, findings: own.length }];
  let findings = own;
  let duplicates = 0;
  if (options.external !== false) {
    const runs = await runExternal(inputs, options);
    for (const run of runs) {
      tools.push({ tool: run.tool, ran: run.ran, reason: run.reason, findings: run.findings.length });
      const merged = mergeFindings(findings, run.findings);
      findings = merged.findings;
      duplicates += merged.duplicates;
    }
  }
  const sources = new Map(inputs.map((input) => [input.path, input.source]));
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const final: Finding[] = [];
  for (const [file, list] of byFile) {
    final.push(...applySuppressions(list, sources.get(file) ?? '', file));
  }
  // Files whose only vouch-ignore comments cover nothing still get those reported.
  for (const input of inputs) {
    if (!byFile.has(input.path) && input.source.includes('vouch-ignore'))
      final.push(...applySuppressions([], input.source, input.path));
  }
  final.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return {
    findings: final,
    files: inputs.length,
    cached: inputs.length - pending.length,
    tools,
    duplicates,
    durationMs: performance.now() - started,
  };
}

async function runExternal(inputs: ScanInput[], options: ScanOptions): Promise<ExternalRun[]> {
  const python = inputs.filter((input) => input.language === 'python');
  let scratch: string | undefined;
  const absolute = new Map<string, string>();
  try {
    const paths = python.map((input, index) => {
      if (input.absolutePath) {
        absolute.set(input.absolutePath, input.path);
        return input.absolutePath;
      }
      // Code that is not on disk (stdin, generated) goes to a private temporary folder, never the user's tree.
      scratch ??= mkdtempSync(join(tmpdir(), 'vouch-scan-'));
      const file = join(scratch, `snippet-${index}.py`);
      writeFileSync(file, input.source);
      absolute.set(file, input.path);
      return file;
    });
    const bandit = await runBandit(paths, (file) => absolute.get(file) ?? file, options.signal);
    return [bandit, ...detectOthers(options.workspaceRoot ?? process.cwd())];
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
