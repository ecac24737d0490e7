import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import {
  isReadableWorkspaceFile,
  isWorkspacePathError,
  resolveWorkspacePath,
} from '../../workspace/resolve-path.js';
import { ruleSetOf, type SemgrepRuleSet } from './semgrep-rules.js';

/**
 * A project's Semgrep configuration, as Semgrep itself finds it: the files a `vouch.toml` lists
 * (`[security] semgrep = ["…"]`, files or folders), else `.semgrep.yml` / `.semgrep.yaml`, else every
 * rule file under `.semgrep/`. Loaded once per process while the files stay as they are (the language
 * server asks on every keystroke's check).
 */
export interface SemgrepConfig {
  /** the paths given to Semgrep's `--config` (absolute) */
  configPaths: string[];
  /** the rule files they hold (absolute) */
  files: string[];
}

const RULE_EXTENSIONS = new Set(['.yml', '.yaml']);

/**
 * The rule files under `folder`, each one vouch may read (workspace/resolve-path.ts): a `secrets.yml` or
 * `credentials.yaml` there, or a link to `.env`, is no rule file and is not opened.
 */
function ruleFilesUnder(workspaceRoot: string, folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.') && entry.name !== '.semgrep') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...ruleFilesUnder(workspaceRoot, path));
    else if (RULE_EXTENSIONS.has(extname(entry.name)) && isReadableWorkspaceFile(workspaceRoot, path))
      found.push(path);
  }
  return found;
}

/** The configuration, or undefined when the project has none. Configured paths must exist in the workspace. */
export function findSemgrepConfig(
  workspaceRoot: string,
  configured?: readonly string[],
): SemgrepConfig | undefined {
  if (configured && configured.length > 0) {
    const configPaths: string[] = [];
    const files: string[] = [];
    for (const entry of configured) {
      const path = resolve(workspaceRoot, entry);
      if (!existsSync(path))
        throw new UsageError(
          `the Semgrep config ${entry} named in vouch.toml ([security] semgrep) does not exist`,
          {
            hint: 'list rule files or folders relative to the workspace, or remove the entry',
          },
        );
      // the resolver every face reads a named file through: inside the workspace (no link out of it), and
      // never a secrets file, vouch's stores or git's folder — a workspace's vouch.toml is the
      // repository's, and `semgrep = [".env"]` would have vouch open the user's keys
      try {
        resolveWorkspacePath(workspaceRoot, path, { kind: 'any' });
      } catch (error) {
        if (!isWorkspacePathError(error)) throw error;
        if (error.reason === 'outside')
          throw new UsageError(`the Semgrep config ${entry} named in vouch.toml lies outside the workspace`, {
            hint: "keep the team's rule files inside the project (a link out of it is not followed)",
          });
        throw new UsageError(
          `the Semgrep config ${entry} named in vouch.toml ([security] semgrep) is refused: ${error.message}`,
          { hint: "list the team's rule files (.yml, .yaml) or their folders, or remove the entry" },
        );
      }
      configPaths.push(path);
      files.push(...(statSync(path).isDirectory() ? ruleFilesUnder(workspaceRoot, path) : [path]));
    }
    return { configPaths, files };
  }
  for (const name of ['.semgrep.yml', '.semgrep.yaml']) {
    const path = join(workspaceRoot, name);
    if (existsSync(path) && statSync(path).isFile() && isReadableWorkspaceFile(workspaceRoot, path))
      return { configPaths: [path], files: [path] };
  }
  const folder = join(workspaceRoot, '.semgrep');
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    const files = ruleFilesUnder(workspaceRoot, folder);
    if (files.length > 0) return { configPaths: [folder], files };
  }
  return undefined;
}

const loaded = new Map<string, { stamp: string; rules: Promise<SemgrepRuleSet> }>();

/** The project's rules ready to run (empty when it has no configuration). */
export async function projectSemgrepRules(
  workspaceRoot: string,
  configured?: readonly string[],
): Promise<{ config: SemgrepConfig; rules: SemgrepRuleSet } | undefined> {
  const config = findSemgrepConfig(workspaceRoot, configured);
  if (!config) return undefined;
  const stamp = config.files
    .map((file) => {
      const stat = statSync(file);
      return `${file}:${stat.size}:${stat.mtimeMs}`;
    })
    .join('\n');
  const key = `${workspaceRoot}\0${config.configPaths.join('\0')}`;
  let entry = loaded.get(key);
  if (!entry || entry.stamp !== stamp) {
    entry = { stamp, rules: loadAll(workspaceRoot, config.files) };
    loaded.set(key, entry);
  }
  return { config, rules: await entry.rules };
}

async function loadAll(workspaceRoot: string, files: readonly string[]): Promise<SemgrepRuleSet> {
  return ruleSetOf(
    files.map((file) => ({ file: relative(workspaceRoot, file), text: readFileSync(file, 'utf8') })),
  );
}
