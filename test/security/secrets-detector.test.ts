import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findPrivateKeyBlocks, type ScanSteps } from '../../src/security/private-keys.js';
import { findSecrets } from '../../src/security/secrets.js';
import { isSecretsFile } from '../../src/workspace/secrets-file.js';

// Assembled at run time so that no scanner takes this file for a leak; every value is made up.
const join = (...parts: string[]) => parts.join('');
const found = (text: string) => findSecrets(text).map((match) => text.slice(match.start, match.end));

/** base64 lines at PEM's width, from hashes of their numbers: random-looking, made up. */
function pemBody(lines: number): string[] {
  const hash = (text: string) => createHash('sha512').update(text).digest('base64');
  return Array.from({ length: lines }, (_, index) => hash(`line ${index}`).slice(0, 64));
}

describe('secret forms the detector used to miss (issue 55)', () => {
  it('a password in a URL with no user, or holding an @', () => {
    const redis = join('Zq8', 'vT2mK9xR4');
    expect(found(`REDIS_URL = "redis://:${redis}@cache:6379/0"`)).toEqual([redis]);
    const withAt = join('p4ss', '@w0rd', '!Xy9');
    expect(found(`url = "postgres://app:${withAt}@db.internal:5432/shop"`)).toEqual([withAt]);
  });

  it('signing and encryption keys by name', () => {
    const signing = join('k9Xq2', 'LmZ7vB4nR8tW');
    const encryption = join('Qw3', 'rT8yU1iO5pA9sD');
    expect(found(`SIGNING_KEY = "${signing}"\nENCRYPTION_KEY=${encryption}\n`)).toEqual([
      signing,
      encryption,
    ]);
  });

  it('a password in a comment', () => {
    const value = join('Tr0ub4', 'dor&3xQ');
    expect(found(`# admin password: ${value}\nconnect()\n`)).toEqual([value]);
    expect(found(`// the api token is ${join('8fK2', 'mQ9xZ1vB')}\n`)).toHaveLength(1);
    // prose about a password is not one
    expect(found('# the password is stored in the vault\n# token must be 32 chars\n')).toEqual([]);
  });

  it('unquoted YAML passwords and tokens, and .yarnrc.yml npmAuthToken', () => {
    const password = join('s3cr3t', '-Hx9q2');
    const token = join('tok_9f8', 'Kq2LmZ7vB');
    const npm = join('Nx8', 'q2LmZ7vB4nR8tWk9');
    const yaml = [
      'database:',
      `  password: ${password}`,
      `  api_token: ${token}`,
      `npmAuthToken: ${npm}`,
    ].join('\n');
    expect(found(yaml)).toEqual([password, token, npm]);
    // code with the same names is left alone
    const code = [
      'def login(password: str,',
      '          token: Token):',
      '    data = {',
      '        password: userPassword',
      '    }',
      'password: Optional[str] = None',
      // an entry point, as Debian's bandit egg-info has it
      'try_except_pass = bandit.plugins.try_except_pass:try_except_pass',
    ].join('\n');
    expect(found(code)).toEqual([]);
  });

  it('kubeconfig client-key-data and Vault tokens', () => {
    const keyData = join('LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt', 'LS0tCk1JSUV2UUlCQURBTkJna3Foa2lHOXcw');
    expect(found(`users:\n- name: admin\n  user:\n    client-key-data: ${keyData}\n`)).toEqual([keyData]);
    const vault = join('hvs.', 'CAESIJ8kQm2xZ7vB4nR8tWk9Lq2', 'GiQKHGh2cy5');
    expect(found(`export VAULT_TOKEN_VALUE="${vault}"`)).toEqual([vault]);
  });

  it('a PEM body whose BEGIN and END lines were cut off, not a certificate body', () => {
    const body = pemBody(6);
    const cut = `${body.slice(1).join('\n')}\nAbCd12==\n`;
    const matches = findSecrets(cut);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.start).toBe(0);
    const certificate = `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----\n`;
    expect(found(certificate)).toEqual([]);
    // 64-character hex digests, one per line, are not a key
    expect(found(`${'ab12'.repeat(16)}\n${'cd34'.repeat(16)}\n${'ef56'.repeat(16)}\n`)).toEqual([]);
  });

  it('direnv, Yarn Berry and kubeconfig files are secrets files', () => {
    for (const path of [
      '.envrc',
      'deploy/.yarnrc.yml',
      'kubeconfig',
      'ops/prod.kubeconfig',
      'kubeconfig-prod.yaml',
    ])
      expect(isSecretsFile(path), path).toBe(true);
    expect(isSecretsFile('src/kube_config_loader.py')).toBe(false);
  });
});

describe('the private-key detector does linear work (issue 55: 36,000 BEGIN lines froze the server)', () => {
  const begins = (count: number) => '-----BEGIN PRIVATE KEY-----\n'.repeat(count);

  it('reads each character a bounded number of times however many BEGIN lines have no END', () => {
    const counts = [2_000, 8_000, 36_000].map((lines) => {
      const text = begins(lines);
      const steps: ScanSteps = { characters: 0 };
      expect(findPrivateKeyBlocks(text, steps)).toEqual([]);
      return steps.characters / text.length;
    });
    // the quadratic search read every BEGIN line's rest of the text: 18,000 times the text at 36,000 lines
    for (const perCharacter of counts) expect(perCharacter).toBeLessThanOrEqual(2);
  });

  it('still finds every key among many BEGIN lines, each once, as the lazy search did', () => {
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${pemBody(4).join('\n')}\n-----END RSA PRIVATE KEY-----\n`;
    const text = `${key}${begins(5_000)}${key}${begins(5_000)}`;
    const steps: ScanSteps = { characters: 0 };
    const blocks = findPrivateKeyBlocks(text, steps);
    expect(blocks).toHaveLength(2);
    expect(text.slice(blocks[0]!.start, blocks[0]!.end)).toBe(key.trimEnd());
    // the second block runs from the first dangling BEGIN after the first key to the second key's END
    expect(text.slice(blocks[1]!.start, blocks[1]!.end).endsWith('-----END RSA PRIVATE KEY-----')).toBe(true);
    expect(steps.characters).toBeLessThanOrEqual(2 * text.length);
    expect(findSecrets(begins(36_000))).toEqual([]);
  });
});
