const crypto = require('crypto');
const express = require('express');

const app = express();
const MODULUS_LENGTH = 2048;

app.post('/api/keypair', (req, res) => {
  const { publicKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: MODULUS_LENGTH,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  res.json({ publicKey });
});

module.exports = app;
