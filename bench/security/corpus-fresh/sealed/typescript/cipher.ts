import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID, scryptSync } from 'node:crypto';

const KEY = scryptSync(process.env.APP_KEY ?? '', 'static-salt', 32);
const STATIC_IV = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

export function encryptToken(value: string): string {
  const cipher = createCipheriv('aes-256-cbc', KEY, STATIC_IV);
  return cipher.update(value, 'utf8', 'base64') + cipher.final('base64');
}

export function decryptToken(value: string): string {
  const decipher = createDecipheriv('aes-256-cbc', KEY, STATIC_IV);
  return decipher.update(value, 'base64', 'utf8') + decipher.final('utf8');
}

export function encryptRecord(value: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', KEY, iv);
  const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

export function encryptArchive(value: Buffer): Buffer {
  const cipher = createCipheriv('rc4', KEY.subarray(0, 16), null);
  return Buffer.concat([cipher.update(value), cipher.final()]);
}

export function hashPin(pin: string): string {
  return createHash('md5').update(pin).digest('hex');
}

export function newCorrelationId(): string {
  return randomUUID();
}

export function cacheKey(url: string): string {
  return createHash('sha1').update(url).digest('hex');
}
