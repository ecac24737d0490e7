import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { checkKnownKeys } from './known-keys.js';
import { type IgnoredSetting, restrictUntrustedConfig } from './untrusted-settings.js';
import { isWorkspaceTrusted } from './workspace-trust.js';

// smol-toml loads only when there is a TOML file to read (most commands and workspaces have none).
const parseToml = (text: string): unknown =>
  (createRequire(import.meta.url)('smol-toml') as typeof import('smol-toml')).parse(text);

/**
 * vouch's configuration: TOML files merged table by table, later files winning.
 *
 * Lookup order (lowest precedence first):
 *   1. the user's file: `$XDG_CONFIG_HOME/vouch/config.toml` (default `~/.config/vouch/config.toml`)
 *   2. the workspace's file: `vouch.toml` at the workspace root
 *   3. a file named by `--config FILE` or `$VOUCH_CONFIG`
 * The workspace's file is the repository's, not the user's: until the user trusts it (`vouch trust`,
 * workspace-trust.ts) it may not name endpoints, keys or a provider's location/redaction, and may only make
 * the privacy policy and telemetry stricter; what it could not set is returned as `ignored`.
 * Environment variables and flags (`VOUCH_MODEL`, `--model`, …) override all files; each section's owner
 * applies those. A table or key that nothing reads is refused as the file is read (known-keys.ts); each
 * section's values (`[model]`, `[providers.*]`, `[privacy]`, `[server]`, `[licence]`, `[security]`) are
 * validated by the code that owns it.
 */
export interface LoadedConfig {
  data: Record<string, unknown>;
  /** the files that were read, in the order they were merged */
  sources: string[];
  /**
   * settings of the workspace's vouch.toml that were not applied: the workspace is not trusted
   * (`vouch trust`), and they say where code and keys go or loosen privacy (untrusted-settings.ts)
   */
  ignored: IgnoredSetting[];
  /** whether the user trusts the workspace's vouch.toml as it is now (false when there is none) */
  trusted: boolean;
}

export interface LoadConfigOptions {
  workspaceRoot: string;
  /** an explicit file (`--config`) */
  file?: string;
  env?: NodeJS.ProcessEnv;
}

export function userConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'vouch', 'config.toml');
}

export function workspaceConfigPath(workspaceRoot: string): string {
  return join(workspaceRoot, 'vouch.toml');
}

/**
 * A config line as an error may show it, every run long enough to be a secret hidden. A line that does
 * not parse is often the one holding a key (`api_key = "sk-…` left unclosed, a password in a `base_url`),
 * and the message goes to stderr, `--json`, the language server's log and CI logs (r49). config/ sits
 * below security/, so the secret detectors are out of reach: after the first `=`, a run of 8 characters or
 * more between quotes, brackets, separators and `:`/`@` is hidden (`true`, `60`, `"ollama"` stay), and 12
 * or more in a line without `=` (25 in a table header's dotted names), and a URL's password whatever its
 * length, so the syntax mistake can still be seen.
 */
function withoutValues(line: string | undefined): string | undefined {
  if (line === undefined) return undefined;
  const hide = (part: string, longest: number) =>
    part
      .replace(/(:\/\/[^\s:@/"']*:)[^\s@/"']+@/g, '$1…@') // a URL's password, however short
      .replace(/[^\s"'[\]{},=:@/]+/g, (run) => (run.length >= longest ? '…' : run));
  const equals = line.indexOf('=');
  if (equals >= 0) return `${line.slice(0, equals + 1)}${hide(line.slice(equals + 1), 8)}`;
  if (/^\s*\[/.test(line)) return line.replace(/[^\s"'[\].]{25,}/g, '…');
  return hide(line, 12);
}

function readToml(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`, {
      hint: 'check the path and its permissions',
    });
  }
  let data: Record<string, unknown>;
  try {
    data = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    // smol-toml's TomlError: "Invalid TOML document: <what>\n\n<code frame>", with line and column
    const { line, column } = error as { line?: number; column?: number };
    const detail = (error as Error).message.split('\n')[0]?.replace(/^Invalid TOML document:\s*/, '');
    const where =
      typeof line === 'number' ? `${path}:${line}${typeof column === 'number' ? `:${column}` : ''}` : path;
    const shown = typeof line === 'number' ? withoutValues(text.split(/\r?\n/)[line - 1]) : undefined;
    throw new UsageError(`${where}: the config file is not valid TOML: ${detail}`, {
      hint: `${shown !== undefined ? `line ${line} is \`${shown.trim()}\`; ` : ''}fix it (the format is in the README under "Configuration")`,
    });
  }
  checkKnownKeys(path, data);
  return data;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Merges `over` into `base` table by table; arrays and scalars in `over` replace those in `base`. */
export function mergeConfig(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = merged[key];
    merged[key] = isTable(existing) && isTable(value) ? mergeConfig(existing, value) : value;
  }
  return merged;
}

export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const env = options.env ?? process.env;
  const userPath = userConfigPath(env);
  const workspacePath = workspaceConfigPath(options.workspaceRoot);
  const explicit = options.file ?? env.VOUCH_CONFIG;
  let data: Record<string, unknown> = {};
  const sources: string[] = [];
  let ignored: IgnoredSetting[] = [];
  let trusted = false;
  if (existsSync(userPath)) {
    data = readToml(userPath);
    sources.push(userPath);
  }
  if (existsSync(workspacePath)) {
    const workspace = readToml(workspacePath);
    trusted = isWorkspaceTrusted(options.workspaceRoot, env);
    // the same file as the user's (a workspace at the config dir) is the user's own
    const own = resolve(workspacePath) === resolve(userPath);
    if (trusted || own) data = mergeConfig(data, workspace);
    else {
      const restricted = restrictUntrustedConfig(workspace, data, workspacePath);
      data = mergeConfig(data, restricted.data);
      ignored = restricted.ignored;
    }
    sources.push(workspacePath);
  }
  if (explicit) {
    const path = resolve(explicit);
    if (!existsSync(path)) {
      throw new UsageError(`the config file ${path} does not exist`, {
        hint: '--config and VOUCH_CONFIG must name an existing TOML file',
      });
    }
    data = mergeConfig(data, readToml(path));
    sources.push(path);
  }
  return { data, sources, ignored, trusted };
}

/** A section of the config as an object (empty when absent). */
export function configSection(data: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = data[name];
  if (value === undefined) return {};
  if (!isTable(value)) throw new UsageError(`[${name}] in the config must be a table`);
  return value;
}
