import { generateKeyPairSync } from 'crypto';
import { writeFileSync } from 'fs';
import path from 'path';

export function createSigningKey(dir: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  const keyPath = path.join(dir, 'signing-key.pem');
  writeFileSync(keyPath, pem, { mode: 0o666 });
  return keyPath;
}
