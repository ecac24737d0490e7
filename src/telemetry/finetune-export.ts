import { redactAgain } from '../security/redact.js';
import type { ExportRecord } from '../store/record/server-store.js';

/**
 * The fine-tuning export: accepted suggestions (and modified ones, with the code as kept) turned into
 * training records. Suggestions a security or licence gate failed or that carry a security finding (a
 * passing check with a medium or low finding: `exportGatesFailed`, tasks/suggestion.ts), that nothing verified, or that were
 * delivered at low confidence (the level every face shows, from tasks/confidence.ts: on real model output
 * low code passes hidden tests at most one time in five) are left out, and so is every suggestion a client
 * posted to /v1/suggestions (its verdict, gates and confidence are the client's claim: the server never ran
 * the tests or the gates on it, so "left out: N failed a gate" would otherwise vouch for what nobody checked), secrets are replaced by
 * placeholders in prompts and code alike, near-duplicates are removed (the first one kept), and every
 * record says where it came from.
 */

export const FINETUNE_FORMATS = ['openai-chat', 'fim', 'jsonl'] as const;
export type FinetuneFormat = (typeof FINETUNE_FORMATS)[number];

export interface Provenance {
  suggestion_id: string;
  user: string;
  task: string;
  model: string;
  language: string | null;
  confidence: string;
  /**
   * who judged the confidence: `vouch` (a task the server ran) or `client` (a face's own claim, posted
   * to /v1/suggestions: the server did not see what earned it)
   */
  confidence_source: 'vouch' | 'client';
  verification: string;
  outcome: 'accepted' | 'modified';
  created_at: string;
  accepted_at: string;
  /** the workspace files the prompt's context came from */
  context: string[];
  redactions: number;
}

export interface FinetuneExport {
  lines: unknown[];
  provenance: Provenance[];
  /**
   * left out: failed a gate, verdict declared by a client, not verified, near-duplicates, not made at a
   * cursor (fim), recorded without code
   */
  excluded: {
    gate: number;
    clientVerdict: number;
    unverified: number;
    lowConfidence: number;
    duplicate: number;
    noCursor: number;
    noCode: number;
  };
}

const SYSTEM =
  'You are a careful software engineer. Answer with code that compiles, passes its tests and is safe.';

interface Prompt {
  instruction?: string;
  prefix?: string;
  suffix?: string;
}

/** What the face asked, from the task's input: an instruction, and for completions the cursor's context. */
function promptOf(input: unknown): Prompt {
  if (!input || typeof input !== 'object') return {};
  const fields = input as Record<string, unknown>;
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
  const instruction = text('spec') ?? text('message') ?? text('question') ?? text('instruction');
  const language = text('language');
  const prompt: Prompt = {};
  if (instruction) prompt.instruction = language ? `${instruction}\n\n(language: ${language})` : instruction;
  const prefix = text('prefix');
  const suffix = text('suffix');
  if (prefix !== undefined) prompt.prefix = prefix;
  if (suffix !== undefined) prompt.suffix = suffix;
  return prompt;
}

/** Code as compared for near-duplicates: identifiers and punctuation, whitespace and comments gone. */
function shingles(code: string): Set<string> {
  const tokens = code.replace(/#.*$|\/\/.*$/gm, '').match(/[A-Za-z_][A-Za-z0-9_]*|\d+|\S/g) ?? [];
  const set = new Set<string>();
  for (let i = 0; i + 3 <= tokens.length; i++) set.add(tokens.slice(i, i + 3).join(' '));
  if (tokens.length < 3) set.add(tokens.join(' '));
  return set;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const item of small) if (large.has(item)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/** Two records whose prompts and code overlap this much (token trigrams) are one example. */
const NEAR_DUPLICATE = 0.9;

/** Whose confidence a stored suggestion carries: the client's when /v1/suggestions recorded it. */
function confidenceSource(input: unknown): Provenance['confidence_source'] {
  return input &&
    typeof input === 'object' &&
    (input as Record<string, unknown>).confidence_source === 'client'
    ? 'client'
    : 'vouch';
}

export function buildFinetuneExport(records: ExportRecord[], format: FinetuneFormat): FinetuneExport {
  const excluded = {
    gate: 0,
    clientVerdict: 0,
    unverified: 0,
    lowConfidence: 0,
    duplicate: 0,
    noCursor: 0,
    noCode: 0,
  };
  const lines: unknown[] = [];
  const provenance: Provenance[] = [];
  const kept: { shingles: Set<string>; size: number }[] = [];
  for (const record of records) {
    const { suggestion } = record;
    if (suggestion.gatesFailed.length > 0) {
      excluded.gate++;
      continue;
    }
    // posted by a client with its own verdict (r49: `verification: "pass"` on code that runs its arguments
    // as a shell command): the server produced none of it, and the tests behind a pass cannot be run again
    // here without the client's workspace, so it is no example, whatever it claims
    if (confidenceSource(suggestion.input) === 'client') {
      excluded.clientVerdict++;
      continue;
    }
    // code nothing verified (NOT VERIFIED, --no-checks) is no example to learn from, whoever kept it
    if (suggestion.verification !== 'pass') {
      excluded.unverified++;
      continue;
    }
    // the confidence the task gave it, the one rule every face shows: low is a guess, not an example
    if (suggestion.confidence === 'low') {
      excluded.lowConfidence++;
      continue;
    }
    // recorded as metadata only (`telemetry = "metadata"`, or a remote store under local-only)
    if (!record.finalCode || suggestion.input === null) {
      excluded.noCode++;
      continue;
    }
    const prompt = promptOf(suggestion.input);
    if (format === 'fim' && prompt.prefix === undefined) {
      excluded.noCursor++;
      continue;
    }
    // redacted again on the way out, one record at a time: the same secret gets the same placeholder in
    // its prompt and its code, and the count is every placeholder the record holds (those made when the
    // suggestion was stored included), not only the ones made now
    const {
      texts: [code, instruction, prefix, suffix],
      count: redactions,
    } = redactAgain([record.finalCode, prompt.instruction, prompt.prefix, prompt.suffix] as const);

    const signature = shingles(`${instruction ?? ''}\n${prefix ?? ''}\n${code}`);
    const duplicate = kept.some(
      (other) =>
        Math.min(other.size, signature.size) >= NEAR_DUPLICATE * Math.max(other.size, signature.size) &&
        jaccard(other.shingles, signature) >= NEAR_DUPLICATE,
    );
    if (duplicate) {
      excluded.duplicate++;
      continue;
    }
    kept.push({ shingles: signature, size: signature.size });

    const origin: Provenance = {
      suggestion_id: suggestion.id,
      user: record.userName,
      task: suggestion.task,
      model: suggestion.model,
      language: suggestion.language,
      confidence: suggestion.confidence,
      confidence_source: confidenceSource(suggestion.input),
      verification: suggestion.verification,
      outcome: record.outcome,
      created_at: suggestion.createdAt,
      accepted_at: record.acceptedAt,
      context: Array.isArray(suggestion.context)
        ? (suggestion.context as { path?: unknown }[])
            .map((entry) => entry.path)
            .filter((path): path is string => typeof path === 'string')
        : [],
      redactions,
    };
    provenance.push(origin);
    const request =
      instruction ??
      (prefix !== undefined ? `Complete the code at <cursor>:\n${prefix}<cursor>${suffix ?? ''}` : '');
    if (format === 'openai-chat')
      lines.push({
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: request },
          { role: 'assistant', content: code },
        ],
      });
    else if (format === 'fim') lines.push({ prefix, suffix: suffix ?? '', middle: code, provenance: origin });
    else lines.push({ prompt: request, completion: code, provenance: origin });
  }
  return { lines, provenance, excluded };
}
