import { generateKeyPairSync } from 'crypto';
import { chmodSync, writeFileSync } from 'fs';
import path from 'path';

export function createSigningKey(dir: string): string {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyPath = path.join(dir, 'signing-key.pem');
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, { mode: 0o600 });
  const publicPath = path.join(dir, 'signing-key.pub.pem');
  writeFileSync(publicPath, publicKey.export({ type: 'spki', format: 'pem' }) as string);
  chmodSync(publicPath, 0o644);
  return keyPath;
}
