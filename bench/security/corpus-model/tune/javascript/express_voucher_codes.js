const crypto = require('crypto');
const express = require('express');

const app = express();

// GET /vouchers?count=10 returns that many new voucher codes
app.get('/vouchers', (req, res) => {
  const count = parseInt(req.query.count, 10) || 1;
  const codes = [];
  for (let i = 0; i < count; i++) {
    codes.push(crypto.randomBytes(6).toString('hex').toUpperCase());
  }
  res.json({ codes });
});

module.exports = app;
