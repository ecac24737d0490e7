/**
 * Fill-in-the-middle prompt templates: the special tokens each model family was trained with, as its
 * model card gives them. Used when a server serves a base model raw (vLLM, llama.cpp `/completion`,
 * Ollama `raw: true`) and does not apply the template itself.
 *
 * `server` (alias `none`) is the other mode: prefix and suffix go to the server as-is (OpenAI
 * `/v1/completions` `suffix`, Ollama `suffix`, llama.cpp `/infill`) and the server applies the model's
 * own template.
 */
export interface FimTemplate {
  name: FimTemplateName;
  build(prefix: string, suffix: string): string;
  /** tokens that end the middle; sent as stop sequences and cut from replies */
  stop: string[];
}

export const FIM_TEMPLATE_NAMES = [
  'qwen2.5-coder',
  'deepseek-coder',
  'deepseek-coder-v2',
  'starcoder',
  'starcoder2',
  'codellama',
  'codestral',
] as const;

export type FimTemplateName = (typeof FIM_TEMPLATE_NAMES)[number];

/** What a config's `fim_template` may say: a template, or that the server applies one. */
export type FimMode = FimTemplateName | 'server' | 'none' | 'auto';

// DeepSeek's tokens use FULLWIDTH VERTICAL LINE (U+FF5C) and LOWER ONE EIGHTH BLOCK (U+2581), not | and _.
const DEEPSEEK_BEGIN = '<\uFF5Cfim\u2581begin\uFF5C>';
const DEEPSEEK_HOLE = '<\uFF5Cfim\u2581hole\uFF5C>';
const DEEPSEEK_END = '<\uFF5Cfim\u2581end\uFF5C>';
const DEEPSEEK_EOS = '<\uFF5Cend\u2581of\u2581sentence\uFF5C>';

const TEMPLATES: Record<FimTemplateName, FimTemplate> = {
  // Qwen2.5-Coder model card: <|fim_prefix|>{prefix}<|fim_suffix|>{suffix}<|fim_middle|>
  'qwen2.5-coder': {
    name: 'qwen2.5-coder',
    build: (prefix, suffix) => `<|fim_prefix|>${prefix}<|fim_suffix|>${suffix}<|fim_middle|>`,
    stop: [
      '<|endoftext|>',
      '<|fim_prefix|>',
      '<|fim_suffix|>',
      '<|fim_middle|>',
      '<|fim_pad|>',
      '<|repo_name|>',
      '<|file_sep|>',
      '<|im_end|>',
    ],
  },
  // DeepSeek-Coder (v1) model card, "code insertion"
  'deepseek-coder': {
    name: 'deepseek-coder',
    build: (prefix, suffix) => `${DEEPSEEK_BEGIN}${prefix}${DEEPSEEK_HOLE}${suffix}${DEEPSEEK_END}`,
    stop: [DEEPSEEK_EOS, '<|EOT|>', DEEPSEEK_BEGIN, DEEPSEEK_HOLE, DEEPSEEK_END],
  },
  // DeepSeek-Coder-V2 keeps v1's FIM tokens; its end-of-sequence token is the only stop it needs.
  'deepseek-coder-v2': {
    name: 'deepseek-coder-v2',
    build: (prefix, suffix) => `${DEEPSEEK_BEGIN}${prefix}${DEEPSEEK_HOLE}${suffix}${DEEPSEEK_END}`,
    stop: [DEEPSEEK_EOS, DEEPSEEK_BEGIN, DEEPSEEK_HOLE, DEEPSEEK_END],
  },
  // StarCoder (bigcode) tokenizer: <fim_prefix>…<fim_suffix>…<fim_middle>
  starcoder: {
    name: 'starcoder',
    build: (prefix, suffix) => `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
    stop: ['<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>'],
  },
  // StarCoder2 uses StarCoder's FIM tokens and adds <file_sep> between repository files.
  starcoder2: {
    name: 'starcoder2',
    build: (prefix, suffix) => `<fim_prefix>${prefix}<fim_suffix>${suffix}<fim_middle>`,
    stop: ['<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<file_sep>'],
  },
  // Code Llama paper/repo: "<PRE> {prefix} <SUF>{suffix} <MID>", the middle ends with <EOT>.
  codellama: {
    name: 'codellama',
    build: (prefix, suffix) => `<PRE> ${prefix} <SUF>${suffix} <MID>`,
    stop: ['<EOT>', '</s>'],
  },
  // Codestral (Mistral) puts the suffix first: [SUFFIX]{suffix}[PREFIX]{prefix}
  codestral: {
    name: 'codestral',
    build: (prefix, suffix) => `[SUFFIX]${suffix}[PREFIX]${prefix}`,
    stop: ['</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]'],
  },
};

export function fimTemplate(name: FimTemplateName): FimTemplate {
  return TEMPLATES[name];
}

export function isFimTemplateName(value: string): value is FimTemplateName {
  return (FIM_TEMPLATE_NAMES as readonly string[]).includes(value);
}

/**
 * The documented fallback when no `fim_template` is configured: a guess from the model's name, in this
 * order (first match wins, case-insensitive): `qwen` + `coder` → qwen2.5-coder; `deepseek-coder-v2` or
 * `deepseek-v2`/`v2.5` → deepseek-coder-v2; `deepseek` → deepseek-coder; `starcoder2` → starcoder2;
 * `starcoder` → starcoder; `codellama`/`code-llama` → codellama; `codestral` → codestral.
 * `undefined` when nothing matches: the caller then lets the server apply its own template.
 */
export function guessFimTemplate(modelName: string): FimTemplateName | undefined {
  const name = modelName.toLowerCase();
  if (name.includes('qwen') && name.includes('coder')) return 'qwen2.5-coder';
  if (/deepseek-?coder-?v2|deepseek-v2/.test(name)) return 'deepseek-coder-v2';
  if (name.includes('deepseek')) return 'deepseek-coder';
  if (name.includes('starcoder2')) return 'starcoder2';
  if (name.includes('starcoder')) return 'starcoder';
  if (/code-?llama/.test(name)) return 'codellama';
  if (name.includes('codestral')) return 'codestral';
  return undefined;
}

/**
 * The template to apply client-side, or `undefined` to send prefix/suffix to the server as-is.
 * `auto` guesses from the name; `server`/`none` never applies one.
 */
export function chooseFimTemplate(mode: FimMode | undefined, modelName: string): FimTemplate | undefined {
  if (mode === undefined || mode === 'server' || mode === 'none') return undefined;
  if (mode === 'auto') {
    const guess = guessFimTemplate(modelName);
    return guess ? TEMPLATES[guess] : undefined;
  }
  return TEMPLATES[mode];
}

/** Cuts a reply at the first template stop token (servers that ignore `stop` still return them). */
export function trimAtStop(text: string, stop: readonly string[]): string {
  let end = text.length;
  for (const token of stop) {
    const index = text.indexOf(token);
    if (index !== -1 && index < end) end = index;
  }
  return text.slice(0, end);
}
