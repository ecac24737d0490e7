import type { LanguageModel } from '../model/types.js';
import type { IndexStore } from './index-store.js';
import { reciprocalRankFusion, type SearchHit, type SearchOptions, searchChunks } from './search.js';

export interface EmbedChunksOptions {
  signal?: AbortSignal;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Embedding inputs are clipped: most embedding endpoints cap input length, and a chunk's head carries its meaning. */
const MAX_INPUT_CHARS = 4000;

/**
 * Embeds the chunks that have no vector from `model` yet, through the model contract (OpenAI-compatible
 * `/v1/embeddings`, Ollama `/api/embed`, …), and stores them beside the chunks in the same SQLite file.
 * One transaction per batch, so an interrupted run keeps what it did.
 */
export async function embedChunks(
  store: IndexStore,
  model: LanguageModel,
  options: EmbedChunksOptions = {},
): Promise<number> {
  const pending = store.chunksWithoutVector(model.id);
  const batchSize = options.batchSize ?? 64;
  let done = 0;
  for (let start = 0; start < pending.length; start += batchSize) {
    options.signal?.throwIfAborted();
    const batch = pending.slice(start, start + batchSize);
    const input = batch.map((chunk) =>
      `${chunk.path}${chunk.symbol ? ` ${chunk.symbol}` : ''}\n${chunk.text}`.slice(0, MAX_INPUT_CHARS),
    );
    const result = await model.embed({ input, ...(options.signal ? { signal: options.signal } : {}) });
    const vectors: { chunkId: number; vector: Float32Array }[] = [];
    batch.forEach((chunk, index) => {
      const vector = result.embeddings[index];
      if (vector) vectors.push({ chunkId: chunk.id, vector: normalize(vector) });
    });
    store.writeVectors(model.id, vectors);
    done += batch.length;
    options.onProgress?.(done, pending.length);
  }
  return done;
}

function normalize(vector: readonly number[]): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const value of out) norm += value * value;
  norm = Math.sqrt(norm) || 1;
  for (let index = 0; index < out.length; index++) out[index]! /= norm;
  return out;
}

interface VectorCache {
  store: IndexStore;
  version: number;
  model: string;
  ids: number[];
  vectors: Float32Array[];
}
let cache: VectorCache | undefined;

function loadVectors(store: IndexStore, modelId: string): VectorCache {
  if (cache && cache.store === store && cache.version === store.version && cache.model === modelId)
    return cache;
  const rows = store.vectors(modelId);
  cache = {
    store,
    version: store.version,
    model: modelId,
    ids: rows.map((row) => row.chunkId),
    vectors: rows.map((row) => row.vector),
  };
  return cache;
}

/** Nearest chunks by cosine similarity (vectors are stored normalised; brute force is fast at this size). */
export async function searchVectors({
  store,
  model,
  query,
  options = {},
}: {
  store: IndexStore;
  model: LanguageModel;
  query: string;
  options?: SearchOptions;
}): Promise<SearchHit[]> {
  const { ids, vectors } = loadVectors(store, model.id);
  if (ids.length === 0) return [];
  const [embedding] = (await model.embed({ input: [query] })).embeddings;
  if (!embedding) return [];
  const q = normalize(embedding);
  const scored = vectors.map((vector, index) => {
    let dot = 0;
    for (let d = 0; d < Math.min(vector.length, q.length); d++) dot += vector[d]! * q[d]!;
    return { id: ids[index]!, score: dot };
  });
  scored.sort((a, b) => b.score - a.score);
  const k = options.k ?? 10;
  const hits: SearchHit[] = [];
  for (const { id, score } of scored) {
    if (hits.length >= k) break;
    const row = store.chunk(id);
    if (row && !options.excludePaths?.has(row.path)) hits.push({ ...row, score });
  }
  return hits;
}

/** BM25 alone without a model or vectors; BM25 and vectors fused by reciprocal rank when both exist. */
export async function hybridSearch(
  store: IndexStore,
  query: string,
  options: SearchOptions & { embedModel?: LanguageModel } = {},
): Promise<SearchHit[]> {
  const k = options.k ?? 10;
  if (!options.embedModel || loadVectors(store, options.embedModel.id).ids.length === 0)
    return searchChunks(store, query, { ...options, k });
  const lexical = searchChunks(store, query, { ...options, k: Math.max(k, 50) });
  const semantic = await searchVectors({
    store,
    model: options.embedModel,
    query,
    options: { ...options, k: Math.max(k, 50) },
  });
  return reciprocalRankFusion([lexical, semantic]).slice(0, k);
}
