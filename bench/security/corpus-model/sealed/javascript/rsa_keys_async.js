const { generateKeyPair } = require('crypto');
const { promisify } = require('util');

const generate = promisify(generateKeyPair);

async function makeKeys() {
  return generate('rsa', {
    modulusLength: 4096,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

module.exports = { makeKeys };
