import crypto from 'crypto';

export function createSession() {
  const server = crypto.createECDH('prime256v1');
  const publicKey = server.generateKeys('base64');
  return {
    curve: 'prime256v1',
    publicKey,
    computeSecret: (clientKey: string) => server.computeSecret(clientKey, 'base64'),
  };
}
