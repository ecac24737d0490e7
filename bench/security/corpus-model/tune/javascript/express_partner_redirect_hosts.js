const express = require('express');

const app = express();
const ALLOWED_HOSTS = new Set(['example.com', 'www.example.com', 'partners.example.com']);

app.get('/out', (req, res) => {
  let target;
  try {
    target = new URL(String(req.query.url));
  } catch {
    return res.redirect('/');
  }
  if (target.protocol === 'https:' && ALLOWED_HOSTS.has(target.hostname)) {
    return res.redirect(target.href);
  }
  res.redirect('/');
});

module.exports = app;
