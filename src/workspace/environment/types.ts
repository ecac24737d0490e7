/** What the environment reader found, for prompts and for the import and licence checks. */

export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'maven';

export interface EnvironmentPackage {
  ecosystem: Ecosystem;
  /** as the ecosystem spells it; PyPI names are normalised (PEP 503: lower case, runs of -_. → -) */
  name: string;
  /** the pinned (lockfile) or installed version; a bare manifest range is kept in `range` */
  version?: string;
  /** the range the manifest asks for, e.g. `^18.2.0`, `>=2,<3` */
  range?: string;
  /** listed in a manifest the project owns (not only pulled in transitively) */
  declared: boolean;
  dev?: boolean;
  /** found installed (node_modules, a virtualenv) */
  installed?: boolean;
  /** workspace-relative file it was read from (the most authoritative one when merged) */
  source: string;
}

export interface LanguageVersion {
  name: string;
  version?: string;
  source: string;
}

export interface TestFramework {
  name: string;
  source: string;
}

export interface StyleTool {
  name: string;
  source: string;
}

export interface StyleConfig {
  tools: StyleTool[];
  /** from .editorconfig or the formatter's config */
  indent?: { style: 'space' | 'tab'; size?: number; source: string };
  lineLength?: { value: number; source: string };
  quotes?: { value: 'single' | 'double'; source: string };
  /** tsconfig `strict` */
  typescriptStrict?: { value: boolean; source: string };
}

export interface BreakingChangeNote {
  ecosystem: Ecosystem | 'runtime';
  name: string;
  version: string;
  note: string;
}

export interface Environment {
  root: string;
  languages: LanguageVersion[];
  packages: EnvironmentPackage[];
  testFrameworks: TestFramework[];
  style: StyleConfig;
  /** breaking changes that matter for the versions found, as sentences ready for a prompt */
  notes: string[];
  breakingChanges: BreakingChangeNote[];
  /** manifests that could not be read, with why; the rest still counts */
  warnings: string[];
  /** the dependency manifests and lockfiles that were read (package.json, requirements.txt, go.mod, …) */
  manifests: string[];
}
