import { describe, expect, it } from 'vitest';
import {
  ANY_NEAR,
  alternatives,
  DETECTORS,
  entropy,
  findSecrets,
  mayHoldSecrets,
  NEAR_WORDS,
  secretFindings,
} from './secrets.js';
import { anchorsOf } from './trigger-test.js';

// Assembled at run time so the literal tokens never sit in the repository in one piece.
const join = (...parts: string[]) => parts.join('');
const SECRETS: Record<string, string> = {
  'aws-access-key-id': join('AKIA', 'Q3EGT7XWMJ5KZLPR'),
  'github-token': join('ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'),
  'gitlab-token': join('glpat-', 'x8Kd2LmQ7vRt9ZpW3nYb'),
  'slack-token': join('xoxb-', '2819374650-8273645123-Qm7Zr2Lx9Vw4Kp8Tn3Yb'),
  'stripe-key': join('sk_live_', '51Hx7qLm2KpR9vT3wZ8yB4nC6'),
  'openai-key': join('sk-proj-', 'Tq8Zr2LmV7xPw4Ks9Yt6Hn3Bd5Fj1Gc0Vs8Ue2Ri4Wa7Qe1'),
  'anthropic-key': join(
    'sk-ant-api03-',
    'Zr2LmV7xPw4Ks9Yt6Hn3Bd5Fj1Gc0Vs8Ue2Ri4Wa7Qe1Tq8Zr2LmV7xPw4Ks9Yt6Hn3Bd5Fj1Gc0Vs8Ue2RiAA',
  ),
  'google-api-key': join('AIza', 'SyD8Zr2LmV7xPw4Ks9Yt6Hn3Bd5Fj1Gc0Vs'),
  jwt: join(
    'eyJhbGciOiJIUzI1NiJ9',
    '.',
    'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
    '.',
    'dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  ),
};

describe('findSecrets', () => {
  it.each(Object.entries(SECRETS))('finds a %s', (kind, secret) => {
    const found = findSecrets(`const value = "${secret}";\n`);
    expect(found.map((match) => match.kind)).toContain(kind);
  });

  it('finds private keys, connection-string passwords and password assignments', () => {
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEA7bq98DXs3xRkU7nUvQ4pC8fSg2Tq0LmN'.repeat(2)}\n-----END RSA PRIVATE KEY-----`;
    expect(findSecrets(key).map((match) => match.kind)).toEqual(['private-key']);
    const url = 'DATABASE_URL = "postgres://app:Wq7uT3nZ5yB1@db:5432/shop"';
    const match = findSecrets(url)[0]!;
    expect(url.slice(match.start, match.end)).toBe('Wq7uT3nZ5yB1');
    expect(findSecrets('db_password = "kX9#mQ2vL8pR"').map((found) => found.kind)).toEqual([
      'credential-assignment',
    ]);
    expect(findSecrets('client_secret: "9fK2mQ8xZ1vB7nL4pR6tW3yH"').map((found) => found.kind)).toEqual([
      'credential-assignment',
    ]);
  });

  it('finds HTTP Basic credentials, not the word Basic nor a placeholder password encoded (r41)', () => {
    const token = Buffer.from(join('deploy:', 'Zq8rT2vX9pLm')).toString('base64');
    const header = `headers = {"Authorization": "Basic ${token}"}`;
    const found = findSecrets(header);
    expect(found.map((match) => match.kind)).toEqual(['http-basic-credentials']);
    expect(header.slice(found[0]!.start, found[0]!.end)).toBe(token);
    expect(mayHoldSecrets(`curl -H 'Basic ${token}'`)).toBe(true);
    const notCredentials = [
      `"Authorization": "Basic ${Buffer.from('user:password').toString('base64')}"`,
      'WWW-Authenticate: Basic realm="shop"',
      // RFC 7617's own example, quoted in docstrings
      'Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
      'Basic authentication sends the password in every request',
      `Basic ${Buffer.from('no colon here at all').toString('base64')}`,
      'Basic VGhpcyBpcyBub3QgdmFsaWQ$$',
    ];
    for (const text of notCredentials) expect(findSecrets(text), text).toEqual([]);
  });

  it('finds HTTP Basic credentials in any case of the word, and assembled from constants (w196)', () => {
    const password = join('Zq8rT2', 'vX9pLm');
    const token = Buffer.from(`deploy:${password}`).toString('base64');
    const written = [
      `curl -H 'Authorization: BASIC ${token}'`,
      `authorization: basic ${token}`,
      // concatenated or adjacent literals
      `headers = {'Authorization': 'Basic ' + '${token}'}`,
      `headers = {"Authorization": "Basic "+"${token}"}`,
      `auth = ("Basic "\n        "${token}")`,
      `$auth = 'Basic ' . '${token}';`,
      // a constant named elsewhere in the text: concatenated, an f-string, a template literal, a format
      `b64 = "${token}"\nheaders = {'Authorization': 'Basic ' + b64}`,
      `TOKEN = '${token}'\nrequests.get(url, headers={"Authorization": f"Basic {TOKEN}"})`,
      `const creds = '${token}';\nfetch(url, { headers: { Authorization: \`Basic \${creds}\` } });`,
      `AUTH = "${token}"\nheader = "Basic %s" % AUTH`,
      `self.auth = "${token}"\nheader = "Basic {}".format(self.auth)`,
      `creds := "${token}"\nreq.Header.Set("Authorization", "Basic " + creds)`,
      `const creds = "${token}"\nheader := fmt.Sprintf("Basic %s", creds)`,
    ];
    for (const text of written) {
      const found = findSecrets(text);
      expect(
        found.map((match) => match.kind),
        text,
      ).toEqual(['http-basic-credentials']);
      expect(text.slice(found[0]!.start, found[0]!.end), text).toBe(token);
    }
    // the password written out, encoded where it is used
    for (const text of [
      `headers = {"Authorization": "Basic " + base64.b64encode(b"deploy:${password}").decode()}`,
      `const auth = 'Basic ' + btoa('deploy:${password}');`,
      `'Basic ' + Buffer.from("deploy:${password}").toString('base64')`,
    ]) {
      const found = findSecrets(text);
      expect(
        found.map((match) => match.kind),
        text,
      ).toEqual(['http-basic-credentials']);
      expect(text.slice(found[0]!.start, found[0]!.end), text).toBe(password);
    }
    const notCredentials = [
      // a name that is no constant here, a placeholder password, a documented example, prose
      "headers = {'Authorization': 'Basic ' + token}",
      `token = get_token()\nheaders = {'Authorization': f'Basic {token}'}`,
      `b64 = "${Buffer.from('user:password').toString('base64')}"\nheader = 'Basic ' + b64`,
      'QUICK = "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="\nheader = "Basic " + QUICK',
      "'Basic ' + base64.b64encode(f'{user}:{password}'.encode())",
      "'Basic ' + b64encode(b'user:changeme')",
      'BASIC PROGRAMMING FOR EVERYONE',
    ];
    for (const text of notCredentials) expect(findSecrets(text), text).toEqual([]);
  });
  it('leaves commit hashes, UUIDs, integrity hashes, placeholders and documented example keys alone', () => {
    const text = [
      'commit = "9fceb02d0ae598e95dc970b74767f19372d61af8"',
      'sha256_digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"',
      'request_id = "123e4567-e89b-12d3-a456-426614174000"',
      'integrity: "sha512-XI5MPzVNApjAyhQzphX8BkmKsKUxD4LdyK24iZeQ9cVWPLDWp6HBbR6X3tVQk+V6oZ9EIqxBQyxkbxTSRx0Ge0A=="',
      'aws_access_key_id = "AKIAIOSFODNN7EXAMPLE"',
      'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
      'password = "changeme"',
      'api_key = "YOUR_API_KEY"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell-style placeholder is the point
      'token = "${TOKEN}"',
      'password_field = "password"',
      'postgres://user:password@localhost/db',
      'secret_name = "production-db-credentials"',
    ].join('\n');
    expect(findSecrets(text)).toEqual([]);
  });

  it('finds the commonest names: API_KEY, password, SECRET_KEY, token, in every shape code writes them', () => {
    const lines = [
      'API_KEY = "a8f3kQ9zLm2xVb7T"',
      'password = "Tr0ub4dor&3xyzQ"',
      "SECRET_KEY = 'django-insecure-9x!k2m@q7z'",
      'token = "ghx7Qm2pLk9vBn4R"',
      'DB_PASSWORD = "s3cr3tPassw0rd!"',
      'const apiKey: string = "q8Zr2LmV7xPw4Ks9";',
      'githubToken := "Zr2LmV7xPw4Ks9Yt"',
      'connect(host="db", password="Gh7#kq2Lm")',
      '{"password": "Wq7uT3nZ5yB1", "user": "app"}',
      'config["secret"] = "9fK2mQ8xZ1vB"',
      'export STRIPE_API_KEY=Hx7qLm2KpR9vT3wZ8yB4',
      'auth_token: str = "Xk29fLq8Zm3N"',
    ];
    const text = lines.join('\n');
    const found = findSecrets(text).map((match) => text.slice(match.start, match.end));
    expect(found).toEqual([
      'a8f3kQ9zLm2xVb7T',
      'Tr0ub4dor&3xyzQ',
      'django-insecure-9x!k2m@q7z',
      'ghx7Qm2pLk9vBn4R',
      's3cr3tPassw0rd!',
      'q8Zr2LmV7xPw4Ks9',
      'Zr2LmV7xPw4Ks9Yt',
      'Gh7#kq2Lm',
      'Wq7uT3nZ5yB1',
      '9fK2mQ8xZ1vB',
      'Hx7qLm2KpR9vT3wZ8yB4',
      'Xk29fLq8Zm3N',
    ]);
  });

  it('leaves ordinary code alone: values that are not literals, names about a credential, prose', () => {
    const text = [
      'token = tokens[0]',
      'password = getpass()',
      'password = os.environ["DB_PASSWORD"]',
      'TOKEN=tokens[0]',
      'API_KEY = settings.API_KEY',
      'token_url = "https://auth.example.com/token"',
      'password_reset_timeout = "3 days"',
      'CSRF_COOKIE_NAME = "csrftoken"',
      'token_type = "Bearer"',
      'error = "Invalid token"',
      'secret = "%(secret)s"',
      'self.password = password',
      'password = "{password}"',
      'raise ValueError("the token is not valid")',
      'const tokenHeader = "X-Auth-Token";',
      'api_key = "YOUR_API_KEY"',
      'passwordHint: "at least 8 characters"',
      'PASSWORD=',
      'token = ""',
    ].join('\n');
    expect(findSecrets(text).map((match) => text.slice(match.start, match.end))).toEqual([]);
  });

  it('measures entropy', () => {
    expect(entropy('aaaa')).toBe(0);
    expect(entropy('abcd')).toBe(2);
  });
});

describe('secretFindings', () => {
  it('reports line and column and never includes the secret itself', () => {
    const secret = SECRETS['github-token']!;
    const findings = secretFindings(`# config\ntoken = "${secret}"\n`, 'config.py');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'secret.github-token',
      line: 2,
      column: 10,
      cwe: 798,
      severity: 'critical',
    });
    expect(JSON.stringify(findings)).not.toContain(secret.slice(4));
  });

  it('finds assignments near their keyword only, one wrapped line included, at the right offsets', () => {
    const filler = 'x = 1\n'.repeat(50);
    const text = `${filler}db_password =\n    "kX9#mQ2vL8pR"\n${filler}API_TOKEN = "q8Zr2LmV7xPw4Ks9Yt6Hn3Bd"\n`;
    const found = findSecrets(text).map((match) => text.slice(match.start, match.end));
    expect(found).toEqual(['kX9#mQ2vL8pR', 'q8Zr2LmV7xPw4Ks9Yt6Hn3Bd']);
  });

  it('a dotted reference is not a password; a dotted password with digits still is', () => {
    const text = [
      '<input type="password" hz-password-match="model.newInstanceSpec.admin_pass">',
      'db_password = "Summer.2024x"',
      '',
    ].join('\n');
    expect(findSecrets(text).map((match) => text.slice(match.start, match.end))).toEqual(['Summer.2024x']);
  });

  it("finds each detector's matches on the lines of its own words, all words found in one scan", () => {
    // The credential words, the comment's (`api key`), the environment line's (upper case), `://` and
    // kubeconfig's `client-key-data`: one alternation finds their lines, each list is tested on those.
    const text = [
      'x = 1',
      '# the api key is 8fK2mQ9xZ1vB',
      'retries = 3',
      'export DB_PASSWORD=Xk9mQ2vL8pRt',
      'cache = "redis://:Zq7uT3nZ5yB1@cache:6379/0"',
      '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
      'password_hint = "see the wiki"',
      'signing_key =',
      '    "q8Zr2LmV7xPw4Ks9Yt6Hn3Bd"',
      '',
    ].join('\n');
    const found = findSecrets(text).map((match) => `${match.kind} ${text.slice(match.start, match.end)}`);
    expect(found).toEqual([
      'credential-comment 8fK2mQ9xZ1vB',
      'credential-assignment Xk9mQ2vL8pRt',
      'connection-string-password Zq7uT3nZ5yB1',
      'private-key LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
      'credential-assignment q8Zr2LmV7xPw4Ks9Yt6Hn3Bd',
    ]);
  });
});

/** A text the (simple) alternative `word` matches: an escape's character, a class's first, `x?` left out. */
function sample(word: string): string {
  return word
    .replace(/(\\.|\[[^\]]*\]|[^\\[])\?/g, '')
    .replace(/\[\\?(.)[^\]]*\]/g, '$1')
    .replace(/\\(.)/g, '$1');
}

describe('the one scan for every detector’s near words', () => {
  it('matches every word of every list (a word added to one list is never missing from it)', () => {
    const words = NEAR_WORDS.flatMap((list) => alternatives(list.source).map((word) => ({ list, word })));
    expect(words.length).toBeGreaterThan(20);
    for (const { list, word } of words) {
      const text = `x = ${sample(word)}`;
      // the sample is one the list itself matches, in the case the list asks for
      expect(new RegExp(list.source, list.flags.replace('g', '')).test(text), `${word}: ${text}`).toBe(true);
      ANY_NEAR.lastIndex = 0;
      expect(ANY_NEAR.test(text), `${word}: ${text}`).toBe(true);
    }
    ANY_NEAR.lastIndex = 0;
  });
});

describe('the detectors’ anchors', () => {
  it('are the strings one of which every match of the detector’s pattern holds, case as written', () => {
    // (a detector with a search of its own, `find`, is checked by the test below: found alone in a file)
    const anchored = DETECTORS.filter((detector) => detector.anchors && detector.pattern);
    expect(anchored.length).toBeGreaterThan(15);
    for (const detector of anchored) {
      const pattern = detector.pattern!;
      // a case-insensitive pattern would match text its anchors, as written, are not in
      expect(pattern.flags, pattern.source).not.toContain('i');
      expect([...detector.anchors!].sort(), pattern.source).toEqual(anchorsOf(pattern.source)!.sort());
    }
  });

  it('leave a detector out only where it finds nothing: every kind is still found, alone in a file', () => {
    for (const [kind, secret] of Object.entries(SECRETS))
      expect(
        findSecrets(secret).map((match) => match.kind),
        kind,
      ).toEqual([kind]);
    // and a file of ordinary code with none of them runs none of the anchored detectors
    const plain = 'def add(a, b):\n    return a + b\n';
    const ran = DETECTORS.filter(
      (detector) => detector.anchors && detector.anchors.some((anchor) => plain.includes(anchor)),
    );
    expect(ran).toEqual([]);
  });
});

describe('the quick check before a workspace file is searched (mayHoldSecrets)', () => {
  it('passes every secret a detector finds, alone in a file', () => {
    const alone = {
      ...SECRETS,
      // AWS key ids of the other prefixes, GitLab's other tokens: missed while the check left them out
      'aws-access-key-id (ABIA)': join('ABIA', 'Q3EGT7XWMJ5KZLPR'),
      'aws-access-key-id (A3T)': join('A3TX', 'Q3EGT7XWMJ5KZLPR'),
      'gitlab-token (deploy)': join('gldt-', 'x8Kd2LmQ7vRt9ZpW3nYb'),
    };
    for (const [kind, secret] of Object.entries(alone)) {
      expect(findSecrets(secret).length, kind).toBe(1);
      expect(mayHoldSecrets(secret), kind).toBe(true);
      expect(secretFindings(secret, 'keys.py').length, kind).toBe(1);
    }
  });
});
