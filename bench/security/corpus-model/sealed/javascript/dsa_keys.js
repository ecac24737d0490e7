const { generateKeyPairSync } = require('crypto');

function makeSigningKeys() {
  return generateKeyPairSync('dsa', {
    modulusLength: 1024,
    divisorLength: 160,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

module.exports = { makeSigningKeys };
