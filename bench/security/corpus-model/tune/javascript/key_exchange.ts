import crypto from 'crypto';

export function createSession() {
  const server = crypto.createDiffieHellman(512);
  const serverKey = server.generateKeys();
  return {
    prime: server.getPrime('base64'),
    generator: server.getGenerator('base64'),
    publicKey: serverKey.toString('base64'),
    computeSecret: (clientKey: string) => server.computeSecret(Buffer.from(clientKey, 'base64')),
  };
}
