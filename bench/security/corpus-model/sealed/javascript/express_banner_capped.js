const express = require('express');

const app = express();
const MAX_WIDTH = 200;

app.get('/banner', (req, res) => {
  const text = String(req.query.text || '').slice(0, MAX_WIDTH);
  const width = Math.min(Number(req.query.width) || 40, MAX_WIDTH);
  const line = '-'.repeat(width);
  res.type('text/plain').send(`${line}\n${text}\n${line}`);
});

module.exports = app;
