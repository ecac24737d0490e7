import type { LanguageId } from '../core/languages.js';

/**
 * The rules the security gate enforces, said in the target language's own terms: a model told
 * "parameterise SQL" in general still writes an f-string query; one shown `cursor.execute(sql, params)`
 * writes that. The gate checks everything regardless; these lines only make fewer answers fail it.
 */
const PYTHON = [
  'SQL: placeholders and parameters — `cursor.execute("SELECT … WHERE id = %s", (user_id,))` (`?` for sqlite3), ORM filters; never f-strings, `%` or `+` to build a query.',
  'Commands: `subprocess.run([...], check=True)` with a list of arguments; never `shell=True`, `os.system` or `os.popen` with anything from input.',
  'Code and data: never `eval`, `exec` or `pickle.loads` on input; `yaml.safe_load`, `json.loads`, `defusedxml` for XML.',
  'Secrets: read them with `os.environ["NAME"]`; tokens from `secrets.token_urlsafe()`; passwords with `hashlib.scrypt` or a library made for it, never md5/sha1.',
  'Network and files: keep `requests` certificate verification on (no `verify=False`); resolve user paths with `os.path.realpath` and check they stay under the base folder; `tempfile` for temporary files, not fixed /tmp names.',
];

const SCRIPT = [
  'SQL: placeholders with a values array — `db.query("SELECT … WHERE id = $1", [id])`, or the query builder; never template literals or `+` to build a query.',
  'Commands: `execFile` / `spawn` with an arguments array and no `shell: true`; never `exec` with a string built from input.',
  'Code and HTML: never `eval`, `new Function` or `vm` on input; no `innerHTML` / `dangerouslySetInnerHTML` with input (use `textContent`, or escape).',
  'Secrets: read them from `process.env.NAME`; tokens from `crypto.randomBytes` / `crypto.randomUUID()`, never `Math.random()`.',
  'Network and files: never `rejectUnauthorized: false`; resolve user paths with `path.resolve` and check they start with the base folder; validate URLs against an allow-list before fetching them server-side.',
];

const RULES: Partial<Record<LanguageId, string[]>> = {
  python: PYTHON,
  javascript: SCRIPT,
  typescript: SCRIPT,
  tsx: SCRIPT,
};

/** The rules for `language` as a prompt section, or '' when the gate has none in its terms. */
export function securityRulesFor(language: LanguageId | undefined): string {
  const rules = language ? RULES[language] : undefined;
  if (!rules) return '';
  return `Security rules the checks enforce, in this language's terms:\n${rules.map((rule) => `- ${rule}`).join('\n')}`;
}
