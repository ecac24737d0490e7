import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExternalDataError } from '../../core/external-data.js';
import type { Environment, EnvironmentPackage, LanguageVersion, StyleTool, TestFramework } from './types.js';

/**
 * Shared state of one environment read: readers add what they find; packages from several files merge
 * into one entry per ecosystem and name (a manifest says it is declared, a lockfile pins it, an install
 * says what is really there).
 */
export class EnvironmentCollector {
  readonly packages = new Map<string, EnvironmentPackage>();
  readonly languages: LanguageVersion[] = [];
  readonly testFrameworks: TestFramework[] = [];
  readonly styleTools: StyleTool[] = [];
  readonly warnings: string[] = [];
  /** the dependency manifests and lockfiles read (`tryRead`): none means nothing said what the project uses */
  readonly manifests: string[] = [];
  readonly style: Environment['style'] = { tools: this.styleTools };

  constructor(readonly root: string) {}

  exists(path: string): boolean {
    return existsSync(join(this.root, path));
  }

  /** Text of a workspace-relative file, or undefined when absent or unreadable (noted as a warning). */
  read(path: string): string | undefined {
    const file = join(this.root, path);
    if (!existsSync(file)) return undefined;
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      this.warn(path, error);
      return undefined;
    }
  }

  warn(path: string, error: unknown): void {
    const why =
      error instanceof ExternalDataError
        ? error.problem
        : error instanceof Error
          ? error.message.split('\n')[0]
          : String(error);
    this.warnings.push(`${path}: could not be read (${why}); the rest of the environment still counts`);
  }

  addPackage(found: EnvironmentPackage): void {
    const key = `${found.ecosystem}:${found.name}`;
    const existing = this.packages.get(key);
    if (!existing) {
      this.packages.set(key, clean({ ...found }));
      return;
    }
    existing.declared ||= found.declared;
    if (found.declared && found.dev !== undefined) existing.dev = found.dev;
    if (found.range && !existing.range) existing.range = found.range;
    // An installed version is what runs; a pinned one is what will be installed; a manifest range is neither.
    if (found.installed) {
      existing.installed = true;
      if (found.version) existing.version = found.version;
      if (!existing.declared) existing.source = found.source;
    } else if (found.version && !existing.installed && !existing.version) {
      existing.version = found.version;
      existing.source = found.source;
    }
  }

  addLanguage(language: LanguageVersion): void {
    const existing = this.languages.find((entry) => entry.name === language.name);
    if (!existing) this.languages.push(language);
    else if (!existing.version && language.version) Object.assign(existing, language);
  }

  addTestFramework(name: string, source: string): void {
    if (!this.testFrameworks.some((entry) => entry.name === name)) this.testFrameworks.push({ name, source });
  }

  addStyleTool(name: string, source: string): void {
    if (!this.styleTools.some((entry) => entry.name === name)) this.styleTools.push({ name, source });
  }

  package(ecosystem: EnvironmentPackage['ecosystem'], name: string): EnvironmentPackage | undefined {
    return this.packages.get(`${ecosystem}:${name}`);
  }
}

function clean(found: EnvironmentPackage): EnvironmentPackage {
  for (const key of Object.keys(found) as (keyof EnvironmentPackage)[]) {
    if (found[key] === undefined) delete found[key];
  }
  return found;
}

/** PEP 503 name normalisation, so `Django`, `django_rest` and `django.rest` compare equal. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Runs `reader` over a file when present; a failure becomes a warning and the rest goes on. */
export function tryRead(
  env: EnvironmentCollector,
  file: string,
  reader: (env: EnvironmentCollector, text: string, source: string) => void,
): void {
  const text = env.read(file);
  if (text === undefined) return;
  try {
    reader(env, text, file);
    env.manifests.push(file);
  } catch (error) {
    env.warn(file, error);
  }
}
