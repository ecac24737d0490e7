/** The model layer's public surface: what code above `model/` imports. */
export type { FimMode, FimTemplateName } from './fim/fim-templates.js';
export { FIM_TEMPLATE_NAMES } from './fim/fim-templates.js';
export { loadFetchClasses } from './http/node-fetch.js';
export type { RetryEvent, RetryOptions } from './http/retry.js';
export type { FetchFunction } from './http/transport.js';
export {
  type CatalogueModel,
  DEFAULT_LOCAL_MODEL,
  findCatalogueModel,
  formatBytes,
  LOCAL_CATALOGUE,
} from './local/catalogue.js';
export {
  type DownloadProgress,
  type DownloadResult,
  ensureModelDownloaded,
  importModelFile,
} from './local/download-model.js';
export { LLAMA_PACKAGE, LLAMA_VERSION, llamaRuntimeInstalled } from './local/llama-api.js';
export { releaseLocalModels } from './local/loaded-models.js';
export { type LocalModelStatus, listLocalModels, removeLocalModel } from './local/model-store.js';
export { localModelsDir } from './local/models-dir.js';
export { isModelError, isRetryableError, ModelError, type ModelErrorKind } from './model-error.js';
export { defaultFetch } from './providers/adapter-options.js';
export { createOpenAiModel } from './providers/openai.js';
export { type RedactPolicy, withRedaction } from './redacting-model.js';
export { KNOWN_PROVIDER_NAMES } from './resolve/builtin-providers.js';
export type { ModelTask } from './resolve/model-config.js';
export {
  type ChosenSpec,
  chooseModelSpec,
  describeModelSources,
  type ModelSpecSource,
  type ResolveModelOptions,
  resolveModel,
} from './resolve/resolve-model.js';
export type * from './types.js';
