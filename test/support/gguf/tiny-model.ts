import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bool,
  encodeGguf,
  f32,
  f32s,
  type GgufTensor,
  type GgufValue,
  i32s,
  str,
  strings,
  u32,
} from './gguf-writer.js';

/**
 * A tiny llama-architecture model (a few hundred KB) for tests that must load and run a real model
 * with no network: a SentencePiece vocabulary of 256 byte tokens, the ChatML and fill-in-the-middle
 * special tokens, a ChatML chat template, and F32 weights.
 *
 * With `scripts` the weights are not random: the token embeddings are orthogonal, the output matrix maps
 * each script token to the next one, and attention and feed-forward weights are small random noise that
 * leaves that mapping intact. The model therefore writes a chosen text for any prompt (after
 * `<|fim_middle|>` the FIM script, after anything else the chat script) and then its end token — real
 * loading, tokenising, attention, sampling and detokenising, with an answer a test can predict.
 * Without scripts every weight is random and the output is well-formed nonsense.
 */
export interface TinyModelOptions {
  /** what the model writes after a chat prompt, ending with `<|im_end|>` */
  chatScript?: string;
  /** what the model writes after `<|fim_middle|>`, ending with `</s>` */
  fimScript?: string;
  /** the context length in the metadata (default 2048) */
  contextLength?: number;
  /** the seed of the random weights (default 1) */
  seed?: number;
  /** leave out the chat template (default: ChatML) */
  chatTemplate?: string | null;
  /** random weights only: the end tokens are never likely, so an answer runs until max tokens */
  endless?: boolean;
}

const EMBEDDING = 64;
const FEED_FORWARD = 128;
const LAYERS = 2;
const HEADS = 4;
const KV_HEADS = 2;
const HEAD_SIZE = EMBEDDING / HEADS;
/** output weight of a scripted transition; with the final RMS norm the winning logit is ~8× this */
const SCRIPT_GAIN = 3;

// SentencePiece token types (llama.cpp's llama_token_type)
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

export const TINY_SPECIAL_TOKENS = [
  '<|im_start|>',
  '<|im_end|>',
  '<|fim_prefix|>',
  '<|fim_suffix|>',
  '<|fim_middle|>',
] as const;

export const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** A deterministic normal-ish generator (mulberry32 + Box–Muller), so a seed gives the same file. */
function randomNormal(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Cuts a script into pieces of three or more characters, none repeated. SentencePiece builds a
 * multi-character token only by merging pairs that are themselves in the vocabulary; with no one- or
 * two-character pieces in it, a prompt can never tokenise into a script piece, so the scripted chain
 * only starts where the model itself starts it.
 */
export function scriptPieces(text: string, taken: Set<string>): string[] {
  const pieces: string[] = [];
  let position = 0;
  while (position < text.length) {
    const remaining = text.length - position;
    let length = remaining <= 7 ? remaining : 4;
    while (length <= remaining && taken.has(text.slice(position, position + length))) length++;
    if (length < 3 || length > remaining) {
      throw new Error(
        `the script cannot be cut into distinct pieces near ${JSON.stringify(text.slice(position))}`,
      );
    }
    const piece = text.slice(position, position + length);
    taken.add(piece);
    pieces.push(piece);
    position += length;
  }
  return pieces;
}

/** SentencePiece writes spaces as U+2581 in its pieces; llama.cpp turns them back when detokenising. */
const toPiece = (text: string) => text.replaceAll(' ', '\u2581');

export function buildTinyModel(options: TinyModelOptions = {}): Buffer {
  const normal = randomNormal(options.seed ?? 1);
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types: number[] = [UNKNOWN, CONTROL, CONTROL];
  for (let byte = 0; byte < 256; byte++) {
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(BYTE);
  }
  // SentencePiece's word boundary: the tokenizer writes spaces as U+2581, and only a NORMAL piece is turned
  // back into a space when detokenising (its bytes through byte fallback would come back as '▁').
  tokens.push('\u2581');
  types.push(NORMAL);
  const special = new Map<string, number>();
  for (const token of TINY_SPECIAL_TOKENS) {
    special.set(token, tokens.length);
    tokens.push(token);
    types.push(CONTROL);
  }
  const eos = 2;
  const imEnd = special.get('<|im_end|>')!;
  const fimMiddle = special.get('<|fim_middle|>')!;

  // Script chains: [start direction, piece ids…, end token].
  const taken = new Set<string>();
  const chains: { after: 'other' | 'fim'; ids: number[]; end: number }[] = [];
  for (const [after, script, end] of [
    ['other', options.chatScript, imEnd],
    ['fim', options.fimScript, eos],
  ] as const) {
    if (script === undefined) continue;
    const ids = scriptPieces(script, taken).map((piece) => {
      tokens.push(toPiece(piece));
      types.push(NORMAL);
      return tokens.length - 1;
    });
    chains.push({ after, ids, end });
  }
  const vocabulary = tokens.length;
  const scripted = chains.length > 0;
  // Dimension 0 stands for "any other token", 1 for <|fim_middle|>, 2… for each script piece in turn.
  const scriptDimension = new Map<number, number>();
  for (const chain of chains) for (const id of chain.ids) scriptDimension.set(id, 2 + scriptDimension.size);
  if (2 + scriptDimension.size > EMBEDDING) {
    throw new Error(`the scripts need ${scriptDimension.size} pieces; at most ${EMBEDDING - 2} fit`);
  }

  const noise = (size: number, scale: number) => Float32Array.from({ length: size }, () => normal() * scale);
  const ones = (size: number) => new Float32Array(size).fill(1);
  const embeddings = scripted ? new Float32Array(vocabulary * EMBEDDING) : noise(vocabulary * EMBEDDING, 1);
  const output = noise(vocabulary * EMBEDDING, scripted ? 0.02 : 1);
  if (scripted) {
    for (let id = 0; id < vocabulary; id++) {
      const dimension = scriptDimension.get(id) ?? (id === fimMiddle ? 1 : 0);
      embeddings[id * EMBEDDING + dimension] = 1;
    }
    for (const chain of chains) {
      const order = [...chain.ids, chain.end];
      output[order[0]! * EMBEDDING + (chain.after === 'fim' ? 1 : 0)] = SCRIPT_GAIN;
      for (let index = 1; index < order.length; index++) {
        output[order[index]! * EMBEDDING + scriptDimension.get(order[index - 1]!)!] = SCRIPT_GAIN;
      }
    }
  }
  if (!scripted && options.endless) {
    // a zero output row gives a logit of 0 against random ones with a spread of ~8: never sampled in practice
    for (const id of [eos, imEnd]) output.fill(0, id * EMBEDDING, (id + 1) * EMBEDDING);
  }
  const layerScale = scripted ? 0.02 : 0.3;
  const tensors: GgufTensor[] = [
    { name: 'token_embd.weight', dims: [EMBEDDING, vocabulary], data: embeddings },
  ];
  for (let layer = 0; layer < LAYERS; layer++) {
    const name = (part: string) => `blk.${layer}.${part}.weight`;
    tensors.push(
      { name: name('attn_norm'), dims: [EMBEDDING], data: ones(EMBEDDING) },
      { name: name('attn_q'), dims: [EMBEDDING, EMBEDDING], data: noise(EMBEDDING * EMBEDDING, layerScale) },
      {
        name: name('attn_k'),
        dims: [EMBEDDING, KV_HEADS * HEAD_SIZE],
        data: noise(EMBEDDING * KV_HEADS * HEAD_SIZE, layerScale),
      },
      {
        name: name('attn_v'),
        dims: [EMBEDDING, KV_HEADS * HEAD_SIZE],
        data: noise(EMBEDDING * KV_HEADS * HEAD_SIZE, layerScale),
      },
      {
        name: name('attn_output'),
        dims: [EMBEDDING, EMBEDDING],
        data: noise(EMBEDDING * EMBEDDING, layerScale),
      },
      { name: name('ffn_norm'), dims: [EMBEDDING], data: ones(EMBEDDING) },
      {
        name: name('ffn_gate'),
        dims: [EMBEDDING, FEED_FORWARD],
        data: noise(EMBEDDING * FEED_FORWARD, layerScale),
      },
      {
        name: name('ffn_up'),
        dims: [EMBEDDING, FEED_FORWARD],
        data: noise(EMBEDDING * FEED_FORWARD, layerScale),
      },
      {
        name: name('ffn_down'),
        dims: [FEED_FORWARD, EMBEDDING],
        data: noise(FEED_FORWARD * EMBEDDING, layerScale),
      },
    );
  }
  tensors.push(
    { name: 'output_norm.weight', dims: [EMBEDDING], data: ones(EMBEDDING) },
    { name: 'output.weight', dims: [EMBEDDING, vocabulary], data: output },
  );

  const template = options.chatTemplate === undefined ? CHATML_TEMPLATE : options.chatTemplate;
  const metadata: [string, GgufValue][] = [
    ['general.architecture', str('llama')],
    ['general.name', str('vouch tiny test model')],
    ['general.license', str('Apache-2.0')],
    ['general.alignment', u32(32)],
    ['llama.context_length', u32(options.contextLength ?? 2048)],
    ['llama.embedding_length', u32(EMBEDDING)],
    ['llama.block_count', u32(LAYERS)],
    ['llama.feed_forward_length', u32(FEED_FORWARD)],
    ['llama.attention.head_count', u32(HEADS)],
    ['llama.attention.head_count_kv', u32(KV_HEADS)],
    ['llama.attention.layer_norm_rms_epsilon', f32(1e-5)],
    ['llama.rope.dimension_count', u32(HEAD_SIZE)],
    ['llama.vocab_size', u32(vocabulary)],
    ['tokenizer.ggml.model', str('llama')],
    ['tokenizer.ggml.tokens', strings(tokens)],
    ['tokenizer.ggml.scores', f32s(tokens.map(() => 0))],
    ['tokenizer.ggml.token_type', i32s(types)],
    ['tokenizer.ggml.unknown_token_id', u32(0)],
    ['tokenizer.ggml.bos_token_id', u32(1)],
    ['tokenizer.ggml.eos_token_id', u32(eos)],
    ['tokenizer.ggml.add_bos_token', bool(true)],
    ['tokenizer.ggml.add_eos_token', bool(false)],
    ['tokenizer.ggml.fim_pre_token_id', u32(special.get('<|fim_prefix|>')!)],
    ['tokenizer.ggml.fim_suf_token_id', u32(special.get('<|fim_suffix|>')!)],
    ['tokenizer.ggml.fim_mid_token_id', u32(fimMiddle)],
    ...(template === null ? [] : [['tokenizer.chat_template', str(template)] as [string, GgufValue]]),
  ];
  return encodeGguf(metadata, tensors);
}

/** Writes the tiny model to `path`; returns its size in bytes. */
export async function writeTinyModel(path: string, options: TinyModelOptions = {}): Promise<number> {
  const bytes = buildTinyModel(options);
  await writeFile(path, bytes);
  return bytes.length;
}

/** The scripts most tests use: a fenced Python function by chat, its body by fill-in-the-middle. */
export const TINY_CHAT_ANSWER = '```python\ndef add(a, b):\n    return a + b\n```\nAdds two numbers.';
export const TINY_FIM_ANSWER = 'return a + b';

/** Settings that keep tests quick on a busy machine: one thread (two spin against other processes), CPU. */
export const TINY_LOCAL_SETTINGS = { threads: 1, gpu: 'cpu' } as const;

/** A temporary folder with the scripted tiny model in it (`model.gguf`), removed by `dispose`. */
export async function tinyModelFile(
  options: TinyModelOptions = { chatScript: TINY_CHAT_ANSWER, fimScript: TINY_FIM_ANSWER },
): Promise<{ dir: string; path: string; size: number; [Symbol.asyncDispose](): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vouch-tiny-model-'));
  const path = join(dir, 'model.gguf');
  const size = await writeTinyModel(path, options);
  return {
    dir,
    path,
    size,
    async [Symbol.asyncDispose]() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
