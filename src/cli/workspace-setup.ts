import { loadConfig } from '../config/load.js';
import { findWorkspaceRoot } from '../workspace/root.js';

export interface OpenedWorkspace {
  root: string;
  config: Record<string, unknown>;
  configSources: string[];
}

/** The workspace around the current directory and its merged configuration. */
export function openWorkspace(options: { config?: string; cwd?: string } = {}): OpenedWorkspace {
  const root = findWorkspaceRoot(options.cwd ?? process.cwd());
  const loaded = loadConfig({ workspaceRoot: root, ...(options.config ? { file: options.config } : {}) });
  return { root, config: loaded.data, configSources: loaded.sources };
}
