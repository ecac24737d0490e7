const crypto = require('crypto');
const express = require('express');

const app = express();
const MAX_CODES = 50;

app.get('/vouchers', (req, res) => {
  const count = Math.min(parseInt(req.query.count, 10) || 1, MAX_CODES);
  const codes = [];
  for (let i = 0; i < count; i++) {
    codes.push(crypto.randomBytes(6).toString('hex').toUpperCase());
  }
  res.json({ codes });
});

module.exports = app;
