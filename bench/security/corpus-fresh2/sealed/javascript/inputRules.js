const express = require('express');
const escapeStringRegexp = require('escape-string-regexp');

const router = express.Router();

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const tagListPattern = /^([a-zA-Z]+,?)+$/;

router.get('/search/names', (req, res) => {
  const matcher = new RegExp(req.query.pattern, 'i');
  res.json(req.app.locals.names.filter((n) => matcher.test(n)));
});

router.get('/search/names/literal', (req, res) => {
  const matcher = new RegExp(escapeStringRegexp(String(req.query.q || '')), 'i');
  res.json(req.app.locals.names.filter((n) => matcher.test(n)));
});

router.post('/tags', (req, res) => {
  const ok = tagListPattern.test(req.body.tags);
  res.json({ ok, slug: slugPattern.test(req.body.slug || '') });
});

router.post('/contact', (req, res) => {
  res.json({ valid: /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+.)+([a-zA-Z0-9]{2,4})+$/.test(req.body.email) });
});

module.exports = router;
