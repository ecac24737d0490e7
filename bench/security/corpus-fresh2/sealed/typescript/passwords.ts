import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';

export async function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, 12);
}

export function legacyHash(plain: string): string {
  return crypto.createHash('md5').update('s4lt' + plain).digest('hex');
}

export function encryptToken(key: Buffer, token: string): string {
  const cipher = crypto.createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]).toString('hex');
}

export function encryptBackup(key: Buffer, data: Buffer): Buffer {
  const cipher = crypto.createCipheriv('des-ede3-cbc', key, crypto.randomBytes(8));
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function resetCode(): string {
  return String(Math.floor(100000 + Math.random() * 900000));
}

export function resetCodeSecure(): string {
  return String(crypto.randomInt(100000, 1000000));
}

export function requestId(): string {
  return crypto.randomUUID();
}

export function avatarColor(seed: string): string {
  const hues = ['#e57373', '#64b5f6', '#81c784', '#ffb74d'];
  return hues[Math.floor(Math.random() * hues.length)] ?? seed;
}

export function contentHash(buf: Buffer): string {
  return crypto.createHash('sha1').update(buf).digest('base64url');
}
