export { requireSandbox, type SandboxAvailability, sandboxAvailability } from './availability.js';
export { runInSandbox, UNSAFE_REASON } from './run-in-sandbox.js';
export {
  DEFAULT_LIMITS,
  resolveLimits,
  SANDBOX_WORK_DIR,
  type SandboxLimits,
  type SandboxRequest,
  type SandboxResult,
  type SandboxStatus,
} from './types.js';
export { createWarmPool, type WarmJob, type WarmPool, type WarmPoolOptions } from './warm-pool.js';
