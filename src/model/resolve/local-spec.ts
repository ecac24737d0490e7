import { availableParallelism, homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { FetchFunction } from '../http/transport.js';
import { type CatalogueModel, findCatalogueModel, formatBytes, LOCAL_CATALOGUE } from '../local/catalogue.js';
import { type DownloadProgress, ensureModelDownloaded, offlineHint } from '../local/download-model.js';
import { readGgufHeader, trainedContextLength } from '../local/gguf-header.js';
import { llamaRuntimeInstalled } from '../local/llama-api.js';
import { type LoadSettings, RUNTIME_MISSING_HINT } from '../local/loaded-models.js';
import { localModelsDir, modelPath } from '../local/models-dir.js';
import { ModelError } from '../model-error.js';
import { createLocalModel } from '../providers/local.js';
import type { LanguageModel } from '../types.js';
import type { LocalSection } from './model-config.js';

/** Tokens of context when the config names none: room for a prompt with code context and an answer. */
export const DEFAULT_LOCAL_CONTEXT = 8192;

export interface LocalSpecOptions {
  /** what follows `local:` — a catalogue name or a path to a .gguf file */
  name: string;
  env: NodeJS.ProcessEnv;
  settings: LocalSection;
  fetch?: FetchFunction | undefined;
  /** a missing catalogue model is downloaded (default); false makes that an error */
  allowDownload?: boolean | undefined;
  onDownloadProgress?: ((progress: DownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /** the other ways to get a model, for the hint when this one cannot be had */
  alternatives?: string | undefined;
  /** the models `local:NAME` knows (tests substitute their own) */
  catalogue?: readonly CatalogueModel[] | undefined;
  /** whether node-llama-cpp is there (tests pretend it is not) */
  runtimeInstalled?: (() => boolean) | undefined;
}

/** `local:` names a file when it looks like a path (a separator, or a `.gguf` ending), else the catalogue. */
export function isModelPath(name: string): boolean {
  return name.includes('/') || name.includes('\\') || name.toLowerCase().endsWith('.gguf');
}

function expandPath(path: string, env: NodeJS.ProcessEnv): string {
  if (path === '~' || path.startsWith('~/')) return resolve(env.HOME || homedir(), path.slice(2));
  return isAbsolute(path) ? path : resolve(path);
}

/**
 * Evaluation threads when the config names none: half the logical CPUs, about the physical cores.
 * llama.cpp's threads spin while they wait for each other, so more threads than free cores is far
 * slower, not faster (bench/model: on a busy 2-core machine 2 threads decoded hundreds of times slower than 1), and
 * node-llama-cpp's own default is at least 4.
 */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

function loadSettings(settings: LocalSection, trained: number | undefined): LoadSettings {
  const wanted = settings.context_size ?? DEFAULT_LOCAL_CONTEXT;
  return {
    contextSize: trained ? Math.min(wanted, trained) : wanted,
    threads: settings.threads ?? defaultThreads(),
    gpu:
      settings.gpu === undefined || settings.gpu === 'auto'
        ? 'auto'
        : settings.gpu === 'cpu'
          ? false
          : settings.gpu,
  };
}

/**
 * The `local:` model a spec names. A path is checked (it must be a whole GGUF file); a catalogue name
 * is looked up in the models folder and downloaded when missing. Nothing is loaded yet: the model loads
 * on its first request and then stays loaded (see `loaded-models.ts`).
 */
export async function resolveLocalModel(options: LocalSpecOptions): Promise<LanguageModel> {
  if (!(options.runtimeInstalled ?? llamaRuntimeInstalled)()) {
    throw new ModelError('configuration', 'local models need node-llama-cpp, which is not installed', {
      hint: `${RUNTIME_MISSING_HINT}; or ${options.alternatives ?? 'choose a model server instead'}`,
    });
  }
  let path: string;
  let modelId: string;
  if (isModelPath(options.name)) {
    path = expandPath(options.name, options.env);
    modelId = options.name;
  } else {
    const catalogue = options.catalogue ?? LOCAL_CATALOGUE;
    const model = findCatalogueModel(options.name, catalogue);
    if (!model) {
      throw new ModelError('configuration', `there is no local model called "${options.name}"`, {
        hint: `the catalogue has ${catalogue.map((entry) => `${entry.name} (${formatBytes(entry.sizeBytes)})`).join(', ')}; or give a file: local:/path/to/model.gguf`,
      });
    }
    const dir = localModelsDir(options.env);
    if (options.allowDownload === false) {
      path = modelPath(dir, model);
      await readGgufHeader(path).catch(() => {
        throw new ModelError('configuration', `${model.name} is not downloaded (it would be at ${path})`, {
          hint: offlineHint(model, options.env, options.alternatives),
        });
      });
    } else {
      path = (
        await ensureModelDownloaded({
          model,
          dir,
          env: options.env,
          fetch: options.fetch,
          onProgress: options.onDownloadProgress,
          signal: options.signal,
          alternatives: options.alternatives,
        })
      ).path;
    }
    modelId = model.name;
  }
  const header = await readGgufHeader(path);
  return createLocalModel({
    path,
    modelId,
    settings: loadSettings(options.settings, trainedContextLength(header)),
  });
}
