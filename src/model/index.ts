/** The model layer's public surface: what code above `model/` imports. */
export type { FimMode, FimTemplateName } from './fim/fim-templates.js';
export { FIM_TEMPLATE_NAMES } from './fim/fim-templates.js';
export type { RetryEvent, RetryOptions } from './http/retry.js';
export type { FetchFunction } from './http/transport.js';
export { isModelError, isRetryableError, ModelError, type ModelErrorKind } from './model-error.js';
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
