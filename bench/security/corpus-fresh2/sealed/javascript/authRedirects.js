const express = require('express');

const app = express();
const HOME = 'https://shop.example.com';

app.get('/login/done', (req, res) => {
  res.redirect(req.query.returnTo || '/');
});

app.get('/logout', (req, res) => {
  const back = req.query.back;
  if (back && back.startsWith('/')) {
    return res.redirect(back);
  }
  res.redirect('/');
});

app.get('/sso/callback', (req, res) => {
  const target = new URL(req.query.next || '/', HOME);
  if (target.origin !== HOME) {
    return res.redirect('/');
  }
  res.redirect(target.pathname + target.search);
});

app.get('/go/:slug', (req, res) => {
  const dest = req.get('Referer') || '/';
  res.writeHead(302, { Location: dest });
  res.end();
});

app.get('/switch-lang', (req, res) => {
  const lang = ['en', 'de', 'fr'].includes(req.query.lang) ? req.query.lang : 'en';
  res.setHeader('Location', `/${lang}/`);
  res.status(302).end();
});

app.get('/cart/continue', (req, res) => {
  const url = req.query.u;
  res.set('Refresh', `0; url=${url}`);
  res.send('Redirecting...');
});

module.exports = app;
