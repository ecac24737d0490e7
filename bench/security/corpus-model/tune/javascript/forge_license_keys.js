const forge = require('node-forge');

// generate a key pair used to sign license files
function createLicenseKeys() {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  return {
    publicKey: forge.pki.publicKeyToPem(keys.publicKey),
    privateKey: forge.pki.privateKeyToPem(keys.privateKey),
  };
}

function signLicense(privateKeyPem, license) {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const md = forge.md.sha256.create();
  md.update(JSON.stringify(license), 'utf8');
  return forge.util.encode64(privateKey.sign(md));
}

module.exports = { createLicenseKeys, signLicense };
