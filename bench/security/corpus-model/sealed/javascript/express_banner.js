const express = require('express');

const app = express();

// GET /banner?text=hello&width=40 returns a text banner
app.get('/banner', (req, res) => {
  const text = String(req.query.text || '');
  const width = Number(req.query.width) || 40;
  const line = '-'.repeat(width);
  res.type('text/plain').send(`${line}\n${text}\n${line}`);
});

module.exports = app;
