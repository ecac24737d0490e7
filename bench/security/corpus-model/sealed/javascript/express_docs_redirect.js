const express = require('express');

const app = express();

app.get('/docs/go', (req, res) => {
  const target = String(req.query.to || '');
  if (/docs\.example\.com/.test(target)) {
    return res.redirect(target);
  }
  res.redirect('/docs');
});

module.exports = app;
