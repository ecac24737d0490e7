/** The ecosystems whose packages vouch reads licences for. */
export type Ecosystem = 'npm' | 'pypi' | 'go' | 'cargo' | 'maven';

/** One package's licence as read from disk, before it is judged. */
export interface PackageLicence {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  /** the normalised SPDX expression; undefined when none could be read */
  expression?: string;
  /** the text as the package declared it, when it differs from `expression` */
  declared?: string;
  /** where the licence was read: a path relative to the project plus the field or file */
  source: string;
  /** what was wrong (malformed field, unparsable expression, nothing found) */
  problem?: string;
  /** the licence was inferred from a family-level classifier or a text match, not declared exactly */
  approximate?: boolean;
  dev?: boolean;
  /** Python: the import names the distribution provides (top_level.txt / RECORD) */
  importNames?: string[];
  /** Python: what it requires to run (`Requires-Dist` without an extra), PEP 503 names */
  requires?: string[];
  /** Python: installed in the base interpreter's site-packages, seen through `--system-site-packages` */
  systemSite?: boolean;
}
