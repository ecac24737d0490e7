/**
 * The small code models `local:NAME` can download: the official GGUF builds of Qwen2.5-Coder-Instruct
 * (Qwen's own Hugging Face repositories). Sizes and SHA-256 digests are those of the hub's files; a
 * download that does not match both is refused. Scores are the technical report's (arXiv:2409.12186,
 * EvalPlus, full-precision instruct models; the 4- and 8-bit files score a little lower).
 */
export interface CatalogueModel {
  /** what `local:NAME` and `vouch model pull NAME` take */
  name: string;
  /** the Hugging Face repository and file */
  repository: string;
  file: string;
  sizeBytes: number;
  sha256: string;
  /** SPDX id, or the licence's own name when it has none */
  licence: string;
  licenceUrl: string;
  quantisation: string;
  parameters: string;
  /** the context window the model was trained for, in tokens */
  trainedContext: number;
  /** published pass@1, percent */
  scores: { humanEval: number; humanEvalPlus: number; mbpp: number; mbppPlus: number };
  note: string;
}

export const LOCAL_CATALOGUE: readonly CatalogueModel[] = [
  {
    name: 'qwen2.5-coder-0.5b-instruct',
    repository: 'Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF',
    file: 'qwen2.5-coder-0.5b-instruct-q8_0.gguf',
    sizeBytes: 675_710_848,
    sha256: 'e1a77721fa97d412f121878223eec81fb4ae6f271e18f922d746711f67b344d1',
    licence: 'Apache-2.0',
    licenceUrl: 'https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct/blob/main/LICENSE',
    quantisation: 'Q8_0',
    parameters: '0.49B',
    trainedContext: 32_768,
    scores: { humanEval: 61.6, humanEvalPlus: 57.3, mbpp: 52.4, mbppPlus: 43.7 },
    note: 'the smallest and fastest; for old laptops and inline completion',
  },
  {
    name: 'qwen2.5-coder-1.5b-instruct',
    repository: 'Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF',
    file: 'qwen2.5-coder-1.5b-instruct-q4_k_m.gguf',
    sizeBytes: 1_117_320_768,
    sha256: 'cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046',
    licence: 'Apache-2.0',
    licenceUrl: 'https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct/blob/main/LICENSE',
    quantisation: 'Q4_K_M',
    parameters: '1.54B',
    trainedContext: 32_768,
    scores: { humanEval: 70.7, humanEvalPlus: 66.5, mbpp: 69.2, mbppPlus: 59.4 },
    note: 'the default: usable answers on any recent CPU',
  },
  {
    name: 'qwen2.5-coder-3b-instruct',
    repository: 'Qwen/Qwen2.5-Coder-3B-Instruct-GGUF',
    file: 'qwen2.5-coder-3b-instruct-q4_k_m.gguf',
    sizeBytes: 2_104_932_800,
    sha256: '724fb256bec1ff062b2f65e4569e871ad2e95ab2a3989723d1769c54294730b7',
    licence: 'Qwen-Research',
    licenceUrl: 'https://huggingface.co/Qwen/Qwen2.5-Coder-3B-Instruct/blob/main/LICENSE',
    quantisation: 'Q4_K_M',
    parameters: '3.09B',
    trainedContext: 32_768,
    scores: { humanEval: 84.1, humanEvalPlus: 80.5, mbpp: 73.6, mbppPlus: 62.4 },
    note: 'much stronger than 1.5B at twice the cost; research and non-commercial use only',
  },
  {
    name: 'qwen2.5-coder-7b-instruct',
    repository: 'Qwen/Qwen2.5-Coder-7B-Instruct-GGUF',
    file: 'qwen2.5-coder-7b-instruct-q4_k_m.gguf',
    sizeBytes: 4_683_073_536,
    sha256: '509287f78cb4d4cf6b3843734733b914b2c158e43e22a7f4bf5e963800894d3c',
    licence: 'Apache-2.0',
    licenceUrl: 'https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct/blob/main/LICENSE',
    quantisation: 'Q4_K_M',
    parameters: '7.61B',
    trainedContext: 32_768,
    scores: { humanEval: 88.4, humanEvalPlus: 84.1, mbpp: 83.5, mbppPlus: 71.7 },
    note: 'the strongest here; wants 8 GB of free memory and is slow without a GPU',
  },
];

/** What a fresh install runs when nothing else is configured. */
export const DEFAULT_LOCAL_MODEL = 'qwen2.5-coder-1.5b-instruct';

/** The hub the catalogue downloads from; `HF_ENDPOINT` points it at a mirror, as Hugging Face's own tools do. */
export function hubEndpoint(env: NodeJS.ProcessEnv): string {
  return (env.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '');
}

export function downloadUrl(model: CatalogueModel, env: NodeJS.ProcessEnv): string {
  return `${hubEndpoint(env)}/${model.repository}/resolve/main/${model.file}`;
}

export function findCatalogueModel(
  name: string,
  catalogue: readonly CatalogueModel[] = LOCAL_CATALOGUE,
): CatalogueModel | undefined {
  const wanted = name.trim().toLowerCase();
  return catalogue.find((model) => model.name === wanted);
}

/** `1.1 GB`, `676 MB`: sizes as people read them (decimal units, as the hub shows them). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}
