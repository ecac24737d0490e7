import type { Finding, Severity } from '../core/check.js';
import { LineIndex } from '../core/line-index.js';
import { findPrivateKeyBlocks } from './private-keys.js';

/**
 * Credentials in code and text: provider token formats (exact prefixes, so nearly free of false alarms),
 * private keys, JWTs, passwords in connection strings and assignments, and high-entropy strings where
 * the name says credential. Commit hashes, UUIDs, lockfile integrity hashes, placeholders and the
 * documented example keys are left alone.
 */
export interface SecretMatch {
  kind: string;
  /** offsets of the secret itself within the text (not the surrounding name) */
  start: number;
  end: number;
  severity: Severity;
  description: string;
}

export interface Detector {
  kind: string;
  description: string;
  severity: Severity;
  pattern?: RegExp;
  /** instead of `pattern`: a search of its own, where a regular expression would not be linear */
  find?: (text: string) => { start: number; end: number }[];
  /** the capture group holding the secret (0 = whole match) */
  group?: number;
  /**
   * words every match contains: the pattern then runs only on the lines around them, not over the
   * whole file (the assignment patterns try every identifier in the file otherwise)
   */
  near?: RegExp;
  /**
   * literal strings one of which every match of `pattern` (case-sensitive) contains: the pattern runs only
   * on text holding one (most files hold none, and a `text.includes` costs a fraction of a scan of the
   * pattern). They are the anchors trigger-test.ts finds for the pattern (`secrets.test.ts` checks).
   */
  anchors?: readonly string[];
  accept?: (secret: string, match: RegExpExecArray) => boolean;
}

const EXAMPLE =
  /example|sample|dummy|fake|placeholder|your[_-]?|xxxx|\*\*\*|changeme|redacted|<[^>]+>|\$\{|\{\{|%\(|test[_-]?(?:key|token|secret)/i;

export function isPlaceholder(value: string): boolean {
  if (EXAMPLE.test(value)) return true;
  if (/^(.)\1+$/.test(value)) return true; // aaaa, 0000
  if (/^(?:0123456789|abcdef|123456)/i.test(value)) return true;
  if (
    /^(?:password|passwd|secret|token|none|null|undefined|true|false|string|env|todo|tbd|n\/a|pass|admin|root)$/i.test(
      value,
    )
  )
    return true;
  return false;
}

/**
 * Placeholders people write where a credential will go (`changeme`, `<token>`, `${PASSWORD}`,
 * `%(password)s`, `your_key`), as the whole value of an assignment.
 */
const PLACEHOLDER =
  /^(?:|x+|\*+|changeme|change[-_ ]?me|password|secret|your[-_ ]?\w*|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\(?\w*\)?s|xxx+|example\w*|dummy|test\w*|placeholder|redacted|todo|none|null|\.\.\.|fake\w*|sample\w*)$/i;

/** Two or more words of letters, with ordinary punctuation between them and at the end. */
function isProse(text: string): boolean {
  const words = text.trim().split(/[\s,;:-]+/);
  return (
    words.length >= 2 &&
    words.every((word, index) => {
      const bare = index === words.length - 1 ? word.replace(/[.!?]$/, '') : word;
      return /^[\p{L}'’]+$/u.test(bare);
    })
  );
}

/**
 * Whether a string literal assigned to a credential's name (`password = "…"`) is a credential rather
 * than a placeholder, an environment variable's name, prose or a key naming where one is kept.
 */
export function isCredentialLiteral(text: string): boolean {
  if (text.length < 4 || PLACEHOLDER.test(text) || isPlaceholder(text)) return false;
  if (/^[A-Z_]+$/.test(text)) return false; // an environment variable name, not a value
  // Prose ("CSRF token missing or incorrect.", `token = "is not"`) describes a credential, and a
  // snake_case key ("_password_reset_token") names where one is kept; neither is one.
  if (isProse(text)) return false;
  if (/^_?[a-z]+(?:_[a-z]+)+$/.test(text)) return false;
  return true;
}

/** A string of six or more characters with a digit, a symbol or mixed case: made to be secret, not a word. */
export function looksGenerated(text: string): boolean {
  return (
    text.length >= 6 &&
    (/\d/.test(text) || /[^A-Za-z0-9]/.test(text) || (/[a-z]/.test(text) && /[A-Z]/.test(text)))
  );
}

/** Test code by its path: `tests/`, `tests.py`, `test_x.py`, `x_test.py`, `conftest.py`, `x.spec.ts`, `__tests__/`. */
const TEST_FILE =
  /(?:^|\/)(?:tests?|testing|__tests__|spec)\/|(?:^|\/)(?:tests?|test_[^/]*|[^/]*_test|conftest)\.py$|\.(?:spec|test)\.[cm]?[jt]sx?$/;

/** Whether a file is test code, whose fixtures are full of made-up credentials. */
export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGRITY = /^sha(?:1|256|384|512)-[A-Za-z0-9+/=]+$/;

const notExample = (secret: string) => !isPlaceholder(secret);

/**
 * Names that hold a credential: the whole name, or its last part after `_`, `.`, `-` or a camelCase
 * hump, is a password, secret, token, API key… (`password`, `DB_PASSWORD`, `SECRET_KEY`, `apiKey`,
 * `githubToken`). The scanner's hard-coded-credentials rule (rules/security) names the same.
 */
const CREDENTIAL_NAME =
  /^(?:.*[_.-])?(?:pass(?:word|wd|phrase)?|pwd|secret(?:_?key)?|api_?key|apikey|access_?key|private_?key|auth_?token|access_?token|refresh_?token|client_?secret|token|credentials?|db_?pass\w*|(?:signing|encryption|encrypt|master|hmac)_?key)$/;
/** …unless the name says it holds something about a credential: where one is, its name, its length. */
const NOT_CREDENTIAL_NAME =
  /(?:_|^)(?:url|uri|path|file|name|field|prompt|label|header|type|len|length|min|max|regex|pattern|hash|salt|param|key_?name|endpoint|env|var|id|format|policy|reset|expiry|expires|timeout|ttl|mode|question|message|error|placeholder|hint|help|input|class|style|icon)s?$/;

/** An assigned name as the rules read it: its last dotted part, camelCase and kebab-case as snake_case. */
function snakeName(name: string): string {
  return (name.split('.').pop() ?? name)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** Whether an assigned name holds a credential (see CREDENTIAL_NAME). */
export function isCredentialName(name: string): boolean {
  const snake = snakeName(name);
  return CREDENTIAL_NAME.test(snake) && !NOT_CREDENTIAL_NAME.test(snake);
}

/** A password's own name (`password`, `DB_PASSWD`, `admin_pass`, `pwd`), where a plain word is one too. */
const PASSWORD_NAME = /pass(?:word|wd|phrase)|pwd|.[_.-]pass\w*$/;

/**
 * Whether a literal assigned to a credential's name is one: what the scanner's rule accepts
 * (`isCredentialLiteral`), and not what such names are also given in real code (measured on Debian's
 * Python packages, bench/security/secret-redaction.ts): a URL, a path, a format string or a template, a
 * regular expression (a lexer's `NUMBER_TOKEN`), a colour (a style's `Token`), a class named in a type
 * annotation (`private_key: "_RSAPrivateKey"`), a reference to where one is kept. A token, key or secret
 * is made to be unguessable (a digit, a symbol, or mixed case: not `Bearer`, `done.`, `bandpass`); a
 * password may be a plain word.
 */
function isCredentialValue(value: string, name: string): boolean {
  if (!isCredentialLiteral(value)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^\.{0,2}\//.test(value)) return false;
  if (/%[sd(]|\{\w*\}|\$\w/.test(value)) return false;
  if (UUID.test(value) || INTEGRITY.test(value)) return false;
  // `hz-password-match="user.psw"`, `password: self.password`: a reference to where one is kept
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  if ((value.includes('[') && value.includes(']')) || value.includes('(?')) return false;
  if (/(?:^|\s)#[0-9a-fA-F]{3,8}(?:\s|$)/.test(value)) return false;
  if (/^_*(?:[A-Z][a-z]+|[A-Z]){2,}$/.test(value) && /[a-z]/.test(value)) return false;
  if (PASSWORD_NAME.test(name)) return true;
  const body = value.replace(/[.!?:;,]$/, '');
  return /\d/.test(body) || /[^A-Za-z0-9]/.test(body) || (/.[A-Z]/.test(body) && /[a-z]/.test(body));
}

/** Words near which an assigned credential is looked for (the assignment patterns run only there). */
const CREDENTIAL_WORDS =
  /pass|pwd|secret|token|api_?key|apikey|access_?key|private_?key|credential|signing|encrypt|master_?key|hmac|auth/gi;

export const DETECTORS: readonly Detector[] = [
  {
    kind: 'private-key',
    description: 'private key',
    severity: 'critical',
    find: findPrivateKeyBlocks,
    accept: (secret) =>
      secret.replace(/-----[^-]+-----|\s/g, '').length >= 40 && !/\.\.\.|EXAMPLE/.test(secret),
  },
  {
    kind: 'aws-access-key-id',
    description: 'AWS access key id',
    severity: 'critical',
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}\b/g,
    anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    accept: (secret) => !/EXAMPLE/.test(secret),
  },
  {
    kind: 'aws-secret-access-key',
    description: 'AWS secret access key',
    severity: 'critical',
    pattern: /aws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    accept: (secret) => !/EXAMPLE/i.test(secret) && entropy(secret) > 4,
  },
  {
    kind: 'github-token',
    description: 'GitHub token',
    severity: 'critical',
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/g,
    anchors: ['gh'],
    accept: notExample,
  },
  {
    kind: 'github-token',
    description: 'GitHub fine-grained token',
    severity: 'critical',
    pattern: /\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g,
    anchors: ['github_pat_'],
    accept: notExample,
  },
  {
    kind: 'gitlab-token',
    description: 'GitLab token',
    severity: 'critical',
    pattern: /\bgl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,}\b/g,
    anchors: ['glpat-', 'gldt-', 'glptt-', 'glrt-'],
    accept: notExample,
  },
  {
    kind: 'slack-token',
    description: 'Slack token',
    severity: 'high',
    pattern: /\bxox[abposr]-(?:\d+-)?[A-Za-z0-9-]{10,}\b/g,
    anchors: ['xox'],
    accept: notExample,
  },
  {
    kind: 'slack-webhook',
    description: 'Slack webhook URL',
    severity: 'high',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/g,
    anchors: ['https://hooks.slack.com/services/T'],
    accept: (secret) => !/X{6}/.test(secret),
  },
  {
    kind: 'stripe-key',
    description: 'Stripe secret key',
    severity: 'critical',
    pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/g,
    anchors: ['sk_live_', 'rk_live_'],
    accept: notExample,
  },
  {
    kind: 'stripe-key',
    description: 'Stripe test key',
    severity: 'medium',
    pattern: /\b(?:sk|rk)_test_[A-Za-z0-9]{20,}\b/g,
    anchors: ['sk_test_', 'rk_test_'],
    accept: notExample,
  },
  {
    kind: 'anthropic-key',
    description: 'Anthropic API key',
    severity: 'critical',
    pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{40,}\b/g,
    anchors: ['sk-ant-api', 'sk-ant-admin'],
    accept: notExample,
  },
  {
    kind: 'openai-key',
    description: 'OpenAI API key',
    severity: 'critical',
    pattern:
      /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b|\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}\b|\bsk-[A-Za-z0-9]{48}\b/g,
    anchors: ['T3BlbkFJ', 'sk-'],
    accept: notExample,
  },
  {
    kind: 'google-api-key',
    description: 'Google API key',
    severity: 'high',
    pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g,
    anchors: ['AIza'],
    accept: notExample,
  },
  {
    kind: 'npm-token',
    description: 'npm token',
    severity: 'critical',
    pattern: /\bnpm_[A-Za-z0-9]{36}\b/g,
    anchors: ['npm_'],
    accept: notExample,
  },
  {
    kind: 'huggingface-token',
    description: 'Hugging Face token',
    severity: 'high',
    pattern: /\bhf_[A-Za-z]{34}\b/g,
    anchors: ['hf_'],
    accept: notExample,
  },
  {
    kind: 'sendgrid-key',
    description: 'SendGrid API key',
    severity: 'high',
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g,
    anchors: ['SG.'],
    accept: notExample,
  },
  {
    kind: 'twilio-key',
    description: 'Twilio API key',
    severity: 'high',
    pattern: /\bSK[0-9a-f]{32}\b/g,
    anchors: ['SK'],
    accept: (secret) => entropy(secret) > 3.3,
  },
  {
    kind: 'azure-storage-key',
    description: 'Azure storage account key',
    severity: 'critical',
    pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/g,
    anchors: ['AccountKey='],
    group: 1,
    accept: notExample,
  },
  {
    kind: 'jwt',
    description: 'JSON Web Token',
    severity: 'high',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}\b/g,
    anchors: ['.eyJ'],
    accept: notExample,
  },
  {
    // `Authorization: Basic dXNlcjpwYXNz`: the base64 of `user:password`, a credential in itself (whoever
    // reads the header logs in); only when it decodes to printable `user:password` with a real password
    kind: 'http-basic-credentials',
    description: 'HTTP Basic credentials',
    severity: 'high',
    // (the scheme's name in any of the cases people write it), or assembled from literals: `'Basic ' + '…'`,
    // Python's and C's adjacent literals `'Basic ' '…'`, PHP's `.` and Lua's `..`
    pattern:
      /\b(?:Basic|basic|BASIC)(?:[ \t]+|[ \t]*["'`][ \t]*(?:\+|\.\.?)?\s{0,40}[rRbBuU]{0,2}["'`][ \t]*)([A-Za-z0-9+/]{8,512}={0,2})(?![A-Za-z0-9+/=])/g,
    anchors: ['Basic', 'basic', 'BASIC'],
    group: 1,
    accept: isBasicCredentials,
  },
  {
    // HTTP Basic credentials named where they are used: `'Basic ' + token`, `f"Basic {token}"`,
    // `` `Basic ${token}` ``, `"Basic %s" % token`, `"Basic {}".format(token)`, where the text assigns the
    // name a literal that is the credentials; or the password written out and encoded there
    // (`b64encode(b"user:password")`, `btoa('user:password')`, `Buffer.from('user:password')`)
    kind: 'http-basic-credentials',
    description: 'HTTP Basic credentials',
    severity: 'high',
    find: findAssembledBasic,
    anchors: ['Basic', 'basic', 'BASIC'],
  },
  {
    kind: 'connection-string-password',
    description: 'password in a connection string',
    severity: 'high',
    // the user may be empty (`redis://:pw@host`) and the password may hold an `@`: the last `@` before
    // the host ends it (`postgres://app:p@ss@db/shop`)
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"`]{0,64}:([^\s'"`/]{3,128})@[^\s'"`/@]+/gi,
    group: 1,
    near: /:\/\//g,
    accept: (secret) => !isPlaceholder(secret) && !/^(?:pass|pwd|pw|password\d*|\$\w+|:\w+)$/i.test(secret),
  },
  {
    // `NAME = "value"` in every language's shape: assignments with or without a type annotation, keyword
    // arguments, object and dict entries, YAML/TOML keys. The name decides (a credential's name, by the
    // same rule as the scanner's hard-coded-credentials rule) and the value must be a literal that is
    // a credential rather than a placeholder, prose or a key naming where one is kept.
    kind: 'credential-assignment',
    description: 'credential assigned in the code',
    severity: 'high',
    pattern:
      /(?<![\w$])([A-Za-z_$][\w$.-]{0,80})["']?\]?\s*(?::[^=\n"'`]{1,60}=|:=|=>|\|\|=|\?\?=|[:=])\s*(?:[rRbBuU]{1,2})?(["'`])([^"'`\n\\]{4,256})\2/g,
    group: 3,
    near: CREDENTIAL_WORDS,
    accept: (secret, match) =>
      isCredentialName(match[1] ?? '') && isCredentialValue(secret, snakeName(match[1] ?? '')),
  },
  {
    // `API_KEY=value` on a line of its own (an env file's or a shell's shape, pasted into a chat): no quotes,
    // so only an upper-case credential name and a value made to be secret
    kind: 'credential-assignment',
    description: 'credential assigned in an environment line',
    severity: 'high',
    pattern: /^[ \t]*(?:export[ \t]+)?([A-Z][A-Z0-9_]{0,80})=([A-Za-z0-9+/=_.~!@#%^&*-]{8,256})[ \t]*$/gm,
    group: 2,
    near: /PASS|PWD|SECRET|TOKEN|API_?KEY|APIKEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIAL|SIGNING|ENCRYPT|MASTER_?KEY|HMAC/g,
    accept: (secret, match) =>
      isCredentialName(match[1] ?? '') &&
      isCredentialValue(secret, snakeName(match[1] ?? '')) &&
      /\d/.test(secret) &&
      /[A-Za-z]/.test(secret) &&
      entropy(secret) >= 3,
  },
  {
    kind: 'vault-token',
    description: 'HashiCorp Vault token',
    severity: 'critical',
    pattern: /\bhv[sbr]\.[A-Za-z0-9_-]{24,}/g,
    anchors: ['hvs.', 'hvb.', 'hvr.'],
    accept: notExample,
  },
  {
    // kubeconfig's `client-key-data`: the client's private key, base64 of its PEM
    kind: 'private-key',
    description: 'private key (kubeconfig client-key-data)',
    severity: 'critical',
    pattern: /\bclient-key-data["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/=]{20,})/g,
    group: 1,
    near: /client-key-data/g,
    accept: notExample,
  },
  {
    // A PEM body whose BEGIN and END lines were cut off (a line range of a key file pasted into a prompt):
    // three or more lines of base64 at PEM's width (64; OpenSSH's 70), and whatever is left of its last line.
    // A certificate's body is public: left alone when its BEGIN line is there to say so.
    kind: 'private-key',
    description: 'private key body (PEM, without its BEGIN line)',
    severity: 'high',
    pattern:
      /^[ \t]*(?:[A-Za-z0-9+/]{64}|[A-Za-z0-9+/]{70})\r?\n(?:[ \t]*(?:[A-Za-z0-9+/]{64}|[A-Za-z0-9+/]{70})\r?\n){2,}(?:[ \t]*[A-Za-z0-9+/]{1,69}={0,2}(?=\r?\n|$))?/gm,
    accept: (secret, match) => {
      if (/^[0-9a-fA-F\s]+$/.test(secret) || entropy(secret.replace(/\s/g, '')) < 4.5) return false;
      const input = match.input ?? '';
      const lineStart = input.lastIndexOf('\n', match.index - 2) + 1;
      const previous = input.slice(lineStart, Math.max(lineStart, match.index - 1)).trim();
      return !/^-----BEGIN /.test(previous) || /PRIVATE KEY/.test(previous);
    },
  },
  {
    // `password: s3cr3t-value` without quotes: YAML (`.yarnrc.yml`'s `npmAuthToken`, a compose file), and
    // `password = value` in an INI or properties file. The value must be made to be secret (a digit or a
    // symbol) and end its line, so code (`password: str,`, `token: userToken`) is left alone.
    kind: 'credential-assignment',
    description: 'credential in a configuration line',
    severity: 'high',
    pattern:
      /^[ \t]*(?:-[ \t]+)?["']?([A-Za-z_][\w.-]{0,80})["']?[ \t]*[:=][ \t]*([^\s'"`#&*!|>{[\]}@,%(][^\s#]{3,255})[ \t]*(?:#.*)?$/gm,
    group: 2,
    near: CREDENTIAL_WORDS,
    accept: (secret, match) =>
      isCredentialName(match[1] ?? '') &&
      isCredentialValue(secret, snakeName(match[1] ?? '')) &&
      /\d|[^A-Za-z0-9_]/.test(secret) &&
      !/[,;:)({]$/.test(secret) &&
      !secret.includes('(') &&
      // an entry point (`try_except_pass = bandit.plugins.try_except_pass:try_except_pass`)
      !/^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$/.test(secret),
  },
  {
    // a password written in a comment (`# admin password: Tr0ub4dor&3`, `// the token is 8f2K…`): only on
    // a line that is a comment, and only a value made to be secret (letters and digits, or a symbol)
    kind: 'credential-comment',
    description: 'credential written in a comment',
    severity: 'high',
    pattern:
      /^[ \t]*(?:#+|\/\/+|--|\/\*+|\*)[^\n]{0,120}?\b(?:password|passwd|passphrase|pwd|secret|token|api[ _-]?key)\b(?:[ \t]+(?:is|was))?[ \t]*[:=]?[ \t]*["'`]?([^\s"'`]{6,128})/gim,
    group: 1,
    near: /pass|pwd|secret|token|api[ _-]?key/gi,
    accept: (secret) => {
      const value = secret.replace(/[.,;:!?)]+$/, '');
      return (
        isCredentialLiteral(value) &&
        /\d/.test(value) &&
        /[A-Za-z]/.test(value) &&
        !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) &&
        !/[()[\]{}]/.test(value) &&
        entropy(value) >= 2.5
      );
    },
  },
];

/** The RFCs' own examples (RFC 7617's `Aladdin:open sesame`, RFC 6749's client), quoted in docstrings. */
const DOCUMENTED_BASIC = new Set(['QWxhZGRpbjpvcGVuIHNlc2FtZQ', 'czZCaGRSa3F0MzpnWDFmQmF0M2JW']);

/** Whether `token` is HTTP Basic credentials: base64 of printable `user:password`, a real password. */
function isBasicCredentials(token: string): boolean {
  if (DOCUMENTED_BASIC.has(token.replace(/=+$/, ''))) return false;
  const password = basicPassword(token);
  return password !== undefined && password.length >= 4 && !isPlaceholder(password);
}

/**
 * The scheme followed by a name (group 1), as code builds the header: concatenated (`'Basic ' + token`, PHP's
 * `.`, Lua's `..`, a `,` to a formatting call: `Sprintf("Basic %s", token)`), interpolated (`f"Basic {token}"`,
 * `` `Basic ${token}` ``, Ruby's `#{token}`, a shell's `$token`) or formatted (`"Basic %s" % token`,
 * `"Basic {}".format(token)`).
 */
const BASIC_NAMED =
  /\b(?:Basic|basic|BASIC)(?:[ \t]*["'`][ \t]*(?:\+|\.\.?)\s{0,40}|[ \t]+(?:\$\{|#\{|\{|\$|%[sv]["'`][ \t]*(?:%|,)\s{0,40}\(?[ \t]*|\{\}["'`][ \t]*\.format\([ \t]*))([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)/g;
/** The scheme, then on the same line `user:password` written out where it is encoded (group 2: the password). */
const BASIC_ENCODED =
  /\b(?:Basic|basic|BASIC)\b[^\n]{0,80}?(?:b64encode|btoa|Buffer\.from|encodeToString|base64_encode)\([ \t]*[bB]?(["'`])[^"'`\n:{}$]{1,128}:([^"'`\n{}$]{4,128})\1/g;

/** HTTP Basic credentials assembled from constants (the detector's `find`; see BASIC_NAMED and BASIC_ENCODED). */
function findAssembledBasic(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  BASIC_ENCODED.lastIndex = 0;
  for (let match = BASIC_ENCODED.exec(text); match; match = BASIC_ENCODED.exec(text)) {
    const password = match[2]!;
    if (isPlaceholder(password) || PLACEHOLDER.test(password)) continue;
    const start = match.index + match[0].length - 1 - password.length;
    found.push({ start, end: start + password.length });
  }
  const names = new Set<string>();
  BASIC_NAMED.lastIndex = 0;
  for (let match = BASIC_NAMED.exec(text); match; match = BASIC_NAMED.exec(text))
    names.add(match[1]!.split('.').pop()!);
  for (const name of names) {
    // the name assigned a literal anywhere in the text: `B64 = "…"`, `const creds = '…'`, `creds := "…"`,
    // `self.token = "…"`, `'token': '…'`
    const assigned = new RegExp(
      `(?<![\\w$])${name.replace(/\$/g, '\\$')}["']?[ \\t]*(?::[^=\\n"'\`]{1,60})?(?:=|:=|:)[ \\t]*[rRbBuU]{0,2}(["'\`])([A-Za-z0-9+/]{8,512}={0,2})\\1`,
      'g',
    );
    for (let match = assigned.exec(text); match; match = assigned.exec(text)) {
      const token = match[2]!;
      if (!isBasicCredentials(token)) continue;
      const start = match.index + match[0].length - 1 - token.length;
      found.push({ start, end: start + token.length });
    }
  }
  return found;
}

/**
 * The password of HTTP Basic credentials (`base64(user:password)`), or undefined when `token` is not
 * printable text holding a `:`.
 */
export function basicPassword(token: string): string | undefined {
  const text = Buffer.from(token, 'base64').toString('latin1');
  // a token that is not base64 decodes to fewer bytes than it spells: then it is no credential
  if (Buffer.from(text, 'latin1').toString('base64').replace(/=+$/, '') !== token.replace(/=+$/, ''))
    return undefined;
  const colon = text.indexOf(':');
  if (colon < 0 || !/^[\x20-\x7e]+$/.test(text)) return undefined;
  return text.slice(colon + 1);
}

/** Every detector's `near` words, each once (three detectors share the credential words). */
export const NEAR_WORDS = [
  ...new Set(DETECTORS.flatMap((detector) => (detector.near ? [detector.near] : []))),
];
/**
 * Every word of those lists, each once, in one case-insensitive alternation: it matches on every line any
 * list matches on (built from the lists, so a word added to one is never missing here). One scan of the
 * file finds the lines, and each list is then tested on those lines alone: a file was scanned once per
 * detector before, three times for the credential words. (An alternation of the lists as written was as
 * slow as the scans it replaced: each word tried three times.)
 */
export const ANY_NEAR = anyOf(NEAR_WORDS);

/** The lists' top-level alternatives, each once (case aside), as one case-insensitive alternation. */
function anyOf(lists: readonly RegExp[]): RegExp {
  const words = new Map<string, string>();
  for (const list of lists)
    for (const word of alternatives(list.source)) {
      // lower-casing changes an escape's meaning (\S, \W): such a word is kept as written
      const key = word.includes('\\') ? word : word.toLowerCase();
      if (!words.has(key)) words.set(key, word);
    }
  return new RegExp([...words.values()].join('|'), 'gi');
}

/** A pattern's top-level alternatives: split at each `|` outside a group, a class and an escape. */
export function alternatives(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let index = 0; index < source.length; index++) {
    const char = source[index];
    if (char === '\\') index++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      parts.push(source.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}
const NEAR_ON_LINE = NEAR_WORDS.map((words) => new RegExp(words.source, words.flags.replace('g', '')));

/**
 * For each of NEAR_WORDS, the stretches of `text` around the lines holding one of its words: from the
 * start of such a line to the end of the next line (an assignment may wrap once), overlapping stretches
 * merged. A word never spans lines, so a line holds a match of the list exactly when the list matches
 * the line's own text.
 */
function regionsNear(text: string): Map<RegExp, (readonly [number, number])[]> {
  const regions = NEAR_WORDS.map((): [number, number][] => []);
  ANY_NEAR.lastIndex = 0;
  for (let match = ANY_NEAR.exec(text); match; match = ANY_NEAR.exec(text)) {
    const from = text.lastIndexOf('\n', match.index) + 1;
    const lineEnd = text.indexOf('\n', match.index);
    const nextEnd = lineEnd < 0 ? -1 : text.indexOf('\n', lineEnd + 1);
    const to = lineEnd < 0 ? text.length : nextEnd < 0 ? text.length : nextEnd;
    const line = text.slice(from, lineEnd < 0 ? text.length : lineEnd);
    NEAR_ON_LINE.forEach((words, index) => {
      if (!words.test(line)) return;
      const own = regions[index]!;
      const last = own[own.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else own.push([from, to]);
    });
    // The rest of this line is covered; a word on the next line still extends the stretch by its own next line.
    ANY_NEAR.lastIndex = Math.max(ANY_NEAR.lastIndex, lineEnd < 0 ? text.length : lineEnd);
  }
  return new Map(NEAR_WORDS.map((words, index) => [words, regions[index]!]));
}

const ANCHORED = DETECTORS.filter((detector) => detector.anchors);
/** Every anchored detector's anchors, each once, longest first: at a position the scan reports the longest. */
const ANCHORS = [...new Set(ANCHORED.flatMap((detector) => detector.anchors!))].sort(
  (a, b) => b.length - a.length || (a < b ? -1 : 1),
);
const ANCHOR_SCAN = new RegExp(
  ANCHORS.map((anchor) => anchor.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'),
  'g',
);
/** The detectors an anchor found stands for: those owning it or any anchor inside it (`sk-ant-api` holds `sk-`). */
const ANCHOR_OWNERS = new Map(
  ANCHORS.map((anchor) => [
    anchor,
    ANCHORED.filter((detector) => detector.anchors!.some((own) => anchor.includes(own))),
  ]),
);

/**
 * The anchored detectors one of whose anchors `text` holds, in one scan of the text (a `text.includes` per
 * anchor cost three times as much on Django, and the detectors' own patterns more still). The scan moves on one
 * character from each anchor it reports, so an anchor starting inside another is found too.
 */
function anchoredDetectors(text: string): Set<Detector> {
  const found = new Set<Detector>();
  ANCHOR_SCAN.lastIndex = 0;
  for (let match = ANCHOR_SCAN.exec(text); match; match = ANCHOR_SCAN.exec(text)) {
    for (const detector of ANCHOR_OWNERS.get(match[0])!) found.add(detector);
    if (found.size === ANCHORED.length) break;
    ANCHOR_SCAN.lastIndex = match.index + 1;
  }
  return found;
}

/** Every secret in `text`, non-overlapping, in order. */
export function findSecrets(text: string): SecretMatch[] {
  const found: SecretMatch[] = [];
  const near = regionsNear(text);
  const anchored = anchoredDetectors(text);
  for (const detector of DETECTORS) {
    if (detector.anchors && !anchored.has(detector)) continue;
    const regions = detector.near ? near.get(detector.near)! : [[0, text.length] as const];
    if (detector.find) {
      for (const span of detector.find(text)) {
        const secret = text.slice(span.start, span.end);
        if (detector.accept && !detector.accept(secret, [secret] as unknown as RegExpExecArray)) continue;
        found.push({
          ...span,
          kind: detector.kind,
          severity: detector.severity,
          description: detector.description,
        });
      }
      continue;
    }
    const pattern = detector.pattern as RegExp;
    for (const [from, to] of regions) {
      const region = from === 0 && to === text.length ? text : text.slice(from, to);
      pattern.lastIndex = 0;
      for (let match = pattern.exec(region); match; match = pattern.exec(region)) {
        const group = detector.group ?? 0;
        const secret = match[group];
        if (secret === undefined) continue;
        if (detector.accept && !detector.accept(secret, match)) continue;
        const start = from + match.index + (group === 0 ? 0 : match[0].indexOf(secret));
        found.push({
          kind: detector.kind,
          start,
          end: start + secret.length,
          severity: detector.severity,
          description: detector.description,
        });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SecretMatch[] = [];
  for (const match of found) {
    const last = kept[kept.length - 1];
    if (last && match.start < last.end) continue;
    kept.push(match);
  }
  return kept;
}

/**
 * A cheap check first: most files hold nothing that looks like a credential. Every detector's match holds
 * one of these (AWS's `ABIA`/`ACCA`/`A3T` key ids and GitLab's other token prefixes were missing: such a
 * secret alone in a file was not found).
 */
const QUICK =
  /PRIVATE KEY|AKIA|ASIA|ABIA|ACCA|A3T|gh[pousr]_|github_pat_|gl(?:pat|dt|ptt|rt)-|xox[abposr]-|hooks\.slack|_live_|_test_|sk-|AIza|npm_|hf_|SG\.|SK[0-9a-f]|AccountKey|basic[ \t"'`]|eyJ|hv[sbr]\.|[A-Za-z0-9+/]{64}\r?\n|:\/\/[^\s]*:[^\s]*@|pass|pwd|secret|token|key|auth|credential/i;

/** False when `text` holds nothing any detector could match: most files, decided in one pass. */
export function mayHoldSecrets(text: string): boolean {
  return QUICK.test(text);
}

/**
 * Secrets in a file as findings (CWE-798). The message never contains the secret itself. `lineEnded` is
 * `text` with the line ends its language reads as `\n` (line-ended-text.ts): the findings' lines are then
 * the engine's; by default lines end at `\n`.
 */
export function secretFindings(
  text: string,
  file: string,
  { lineEnded = text }: { lineEnded?: string } = {},
): Finding[] {
  const placeholders = text.includes('<<SECRET_') ? placeholderFindings(text, file, lineEnded) : [];
  // No QUICK test first: on a scan's files (Django's) it cost more than the detectors it spared, whose
  // own words and anchors already skip a file holding none of them
  const matches = findSecrets(text);
  // Most files hold no secret: the line table is built only for those that do.
  if (matches.length === 0) return placeholders;
  const lines = new LineIndex(lineEnded);
  return [
    ...placeholders,
    ...matches.map((match) => {
      const { row, column } = lines.position(match.start);
      const length = match.end - match.start;
      return {
        ruleId: `secret.${match.kind}`,
        file,
        line: row + 1,
        column: column + 1,
        severity: match.severity,
        message: `${match.description} in the source (${length} characters, starting ${JSON.stringify(text.slice(match.start, match.start + Math.min(4, Math.floor(length / 4))))}…)`,
        hint: 'remove it from the code, load it from the environment or a secret store, and rotate it: it may already have leaked',
        cwe: 798,
      };
    }),
  ];
}

/**
 * Code holding a redaction placeholder (`<<SECRET_1>>`): the model wrote where a secret of the user's
 * goes, without seeing it. vouch never puts the value back (issue 55: it went on into the sandbox, the
 * repair prompt, the store and the export), so the code is not finished: the report says where, and how
 * to finish it.
 */
function placeholderFindings(text: string, file: string, lineEnded: string): Finding[] {
  const lines = new LineIndex(lineEnded);
  return [...text.matchAll(/<<SECRET_\d+>>/g)].map((match) => {
    const { row, column } = lines.position(match.index);
    return {
      ruleId: 'secret.placeholder',
      file,
      line: row + 1,
      column: column + 1,
      severity: 'medium' as Severity,
      message: `${match[0]} stands where a secret of yours was hidden from the model; vouch never puts secrets back into code`,
      hint: 'read the value where the project keeps it (an environment variable, its settings or secret store) instead of the placeholder',
    };
  });
}
