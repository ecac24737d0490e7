const crypto = require('crypto');
const express = require('express');

const app = express();

app.post('/api/keypair', (req, res) => {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  res.json({ publicKey, privateKey });
});

module.exports = app;
