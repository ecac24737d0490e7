import { describe, expect, it } from 'vitest';
import { createSecretRedactor, withoutSecrets } from './redact.js';

const KEY = ['AKIA', 'Q3EGT7XWMJ5KZLPR'].join('');
const TOKEN = ['ghp_', 'R7xK2mV9pL4qW8zT3nB6yH1jD5fC0sA2gE7u'].join('');

describe('createSecretRedactor', () => {
  it('replaces each secret with a stable placeholder across messages', () => {
    const session = createSecretRedactor().begin();
    const first = session.redact(`aws = "${KEY}"\ngh = "${TOKEN}"\nagain = "${KEY}"`);
    expect(first).toBe('aws = "<<SECRET_1>>"\ngh = "<<SECRET_2>>"\nagain = "<<SECRET_1>>"');
    const second = session.redact(`use ${TOKEN} here`);
    expect(second).toBe('use <<SECRET_2>> here');
    expect(session.count).toBe(2);
  });

  it('leaves text without secrets untouched and keeps sessions apart', () => {
    const redactor = createSecretRedactor();
    const a = redactor.begin();
    const b = redactor.begin();
    expect(a.redact('def add(a, b):\n    return a + b\n')).toBe('def add(a, b):\n    return a + b\n');
    expect(a.count).toBe(0);
    a.redact(KEY);
    expect(b.redact(TOKEN)).toBe('<<SECRET_1>>');
  });

  it('redacts only the password inside a connection string', () => {
    const session = createSecretRedactor().begin();
    expect(session.redact('url = "mysql://shop:Wq7uT3nZ5yB1@db/shop"')).toBe(
      'url = "mysql://shop:<<SECRET_1>>@db/shop"',
    );
  });

  it('replaces HTTP Basic credentials, and their password wherever else it appears', () => {
    const password = ['Zq8rT2', 'vX9pLm'].join('');
    const token = Buffer.from(`deploy:${password}`).toString('base64');
    const session = createSecretRedactor().begin();
    expect(session.redact(`Authorization: Basic ${token}`)).toBe('Authorization: Basic <<SECRET_1>>');
    const later = session.redact(
      `login with ${password}, or ${Buffer.from(`x${password}`).toString('base64')}`,
    );
    expect(later).not.toContain(password);
    expect(later).toMatch(/^login with <<SECRET_2>>, or .{0,2}<<SECRET_2>>.{0,2}=*$/);
  });

  it('takes the secrets out of every string of a value to be stored, keeping its shape', () => {
    const stored = withoutSecrets({
      spec: `upload with ${KEY}`,
      files: [{ path: 'a.py', lines: [1, 2], text: `token = "${TOKEN}"` }],
      again: KEY,
      n: 3,
      none: null,
    });
    expect(stored).toEqual({
      spec: 'upload with <<SECRET_1>>',
      files: [{ path: 'a.py', lines: [1, 2], text: 'token = "<<SECRET_2>>"' }],
      again: '<<SECRET_1>>',
      n: 3,
      none: null,
    });
  });
});
