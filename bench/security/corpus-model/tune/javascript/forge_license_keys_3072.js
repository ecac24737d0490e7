const forge = require('node-forge');

function createLicenseKeys() {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 3072, e: 0x10001 });
  return {
    publicKey: forge.pki.publicKeyToPem(keys.publicKey),
    privateKey: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

module.exports = { createLicenseKeys };
