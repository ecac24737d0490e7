import { realpath } from 'node:fs/promises';
import { ModelError } from '../model-error.js';
import {
  type ChatWrapper,
  LLAMA_PACKAGE,
  LLAMA_VERSION,
  type Llama,
  type LlamaApi,
  type LlamaContextSequence,
  type LlamaGrammar,
  type LlamaLogLevel,
  type LlamaModel,
  loadLlamaApi,
} from './llama-api.js';

/**
 * Loaded models, kept for the life of the process and shared by every `local:` model object that names
 * the same file with the same settings: the first request pays for loading, later ones (the next chat
 * turn, every completion a language server asks for, every request a server handles) do not. Each model
 * has one context with one sequence; requests take turns on it (`exclusive`), and a request whose prompt
 * starts like the previous one reuses its evaluated tokens.
 */
export interface LoadSettings {
  /** tokens the context holds (prompt and answer together) */
  contextSize: number;
  /** evaluation threads; undefined lets node-llama-cpp choose (at least 4) */
  threads?: number | undefined;
  gpu: 'auto' | false | 'cuda' | 'vulkan' | 'metal';
}

export interface LoadedModel {
  readonly api: LlamaApi;
  readonly model: LlamaModel;
  readonly contextSize: number;
  /** the chat template from the model's metadata, resolved once */
  chatWrapper(): ChatWrapper;
  /** runs `work` with the model's sequence once every earlier request is done */
  exclusive<T>(work: (sequence: LlamaContextSequence) => Promise<T>): Promise<T>;
  jsonGrammar(): Promise<LlamaGrammar>;
}

export const RUNTIME_MISSING_HINT = `install it with \`npm install ${LLAMA_PACKAGE}@${LLAMA_VERSION}\` in the vouch folder (it is an optional dependency, left out by \`npm ci --omit=optional\`)`;

const runtimes = new Map<string, Promise<Llama>>();
const models = new Map<string, Promise<LoadedModel>>();
/** what llama.cpp said last: its loader explains failures only in its log */
const recentLog: string[] = [];

function remember(level: LlamaLogLevel, message: string): void {
  if (level !== 'error' && level !== 'fatal' && level !== 'warn') return;
  recentLog.push(message.trim());
  if (recentLog.length > 20) recentLog.shift();
}

async function runtime(api: LlamaApi, gpu: LoadSettings['gpu']): Promise<Llama> {
  const key = String(gpu);
  let llama = runtimes.get(key);
  if (!llama) {
    // build: 'never' — use the prebuilt binaries from npm; never compile or download at run time.
    llama = api.getLlama({ gpu, build: 'never', logLevel: 'warn', logger: remember, progressLogs: false });
    runtimes.set(key, llama);
    llama.catch(() => runtimes.delete(key));
  }
  return llama;
}

async function load(path: string, settings: LoadSettings): Promise<LoadedModel> {
  const api = await loadLlamaApi();
  if (!api) {
    throw new ModelError('configuration', `local models need ${LLAMA_PACKAGE}, which is not installed`, {
      hint: `${RUNTIME_MISSING_HINT}, or choose a model server instead`,
    });
  }
  let llama: Llama;
  try {
    llama = await runtime(api, settings.gpu);
  } catch (error) {
    throw new ModelError(
      'configuration',
      `${LLAMA_PACKAGE} could not start llama.cpp: ${(error as Error).message}`,
      {
        hint: `its prebuilt binaries may not suit this machine; reinstall ${LLAMA_PACKAGE}@${LLAMA_VERSION}, or set [providers.local] gpu = "cpu"`,
        cause: error,
      },
    );
  }
  const logStart = recentLog.length;
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: path });
  } catch (error) {
    const said = recentLog.slice(logStart).filter(Boolean).at(-1);
    throw new ModelError(
      'configuration',
      `llama.cpp cannot load ${path}: ${(error as Error).message}${said ? ` (${said})` : ''}`,
      {
        hint: `the file may be damaged, or its architecture too new for the bundled llama.cpp (${LLAMA_PACKAGE} ${LLAMA_VERSION}); try another GGUF or re-download it`,
        cause: error,
      },
    );
  }
  const contextSize = Math.min(settings.contextSize, model.trainContextSize || settings.contextSize);
  let context: Awaited<ReturnType<LlamaModel['createContext']>>;
  try {
    context = await model.createContext({
      contextSize,
      sequences: 1,
      ...(settings.threads !== undefined ? { threads: settings.threads } : {}),
    });
  } catch (error) {
    await model.dispose();
    throw new ModelError(
      'configuration',
      `llama.cpp cannot make a ${contextSize}-token context for ${path}: ${(error as Error).message}`,
      { hint: 'lower [providers.local] context_size, or free some memory', cause: error },
    );
  }
  const sequence = context.getSequence();
  let queue: Promise<unknown> = Promise.resolve();
  let grammar: Promise<LlamaGrammar> | undefined;
  let chatWrapper: ChatWrapper | undefined;
  return {
    api,
    model,
    contextSize: context.contextSize,
    chatWrapper() {
      chatWrapper ??= api.resolveChatWrapper(model);
      return chatWrapper;
    },
    exclusive(work) {
      const turn = queue.then(() => work(sequence));
      queue = turn.catch(() => {});
      return turn;
    },
    jsonGrammar() {
      grammar ??= llama.getGrammarFor('json');
      return grammar;
    },
  };
}

/** The loaded model for a file and settings: loaded on the first call, shared by every later one. */
export async function loadLocalModel(path: string, settings: LoadSettings): Promise<LoadedModel> {
  const real = await realpath(path).catch(() => path);
  const key = JSON.stringify([real, settings.contextSize, settings.threads ?? null, settings.gpu]);
  let loaded = models.get(key);
  if (!loaded) {
    loaded = load(real, settings);
    models.set(key, loaded);
    // A failed load is not cached: the next request tries again (the user may have fixed the file).
    loaded.catch(() => models.delete(key));
  }
  return loaded;
}

/** How many models are loaded now (for tests and `vouch model list`). */
export function loadedModelCount(): number {
  return models.size;
}

/** Frees every loaded model and llama.cpp itself (tests; a server shutting down). */
export async function releaseLocalModels(): Promise<void> {
  const loaded = [...models.values()];
  models.clear();
  for (const entry of loaded) {
    const model = await entry.catch(() => undefined);
    await model?.model.dispose().catch(() => {});
  }
  const llamas = [...runtimes.values()];
  runtimes.clear();
  for (const llama of llamas) await (await llama.catch(() => undefined))?.dispose().catch(() => {});
}
