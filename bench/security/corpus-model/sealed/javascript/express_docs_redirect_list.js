const express = require('express');

const app = express();
const DOC_LINKS = ['https://docs.example.com/start', 'https://docs.example.com/api', 'https://status.example.com/'];

app.get('/docs/go', (req, res) => {
  const target = String(req.query.to || '');
  if (DOC_LINKS.includes(target)) {
    return res.redirect(target);
  }
  res.redirect('/docs');
});

module.exports = app;
