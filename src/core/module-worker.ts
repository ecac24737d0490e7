import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module at `url`. A compiled module (`.js`) starts as it is. A TypeScript
 * one (vouch run from its sources: tests, benchmarks) starts through a bootstrap that registers tsx inside
 * the worker and then imports it: a worker's `execArgv: ['--import', 'tsx']` does not reach its entry
 * module. tsx is resolved from here, not from the working directory, which may be any project.
 */
export function startModuleWorker(url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const api = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
