export { type SandboxReport, trustedReport } from '../../core/report-channel.js';
export {
  nodeDriver,
  nodeReportChannel,
  PYTHON_REPORT_MODULE,
  pythonReportModule,
} from '../../core/report-channel-sources.js';
export { requireSandbox, type SandboxAvailability, sandboxAvailability } from './availability.js';
export { runInSandbox, type SandboxHooks, UNSAFE_REASON } from './run-in-sandbox.js';
export { openSandboxSession, type SandboxSession, SandboxSessionError } from './sandbox-session.js';
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
