const express = require('express');
const escapeStringRegexp = require('escape-string-regexp');

const router = express.Router();

const SLUG_RE = /^([a-z0-9]+-?)*$/;
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

router.get('/articles', async (req, res) => {
  const pattern = new RegExp(req.query.q, 'i');
  const articles = await loadArticles();
  res.json(articles.filter((a) => pattern.test(a.title)));
});

router.get('/articles/literal', async (req, res) => {
  const pattern = new RegExp(escapeStringRegexp(String(req.query.q || '')), 'i');
  const articles = await loadArticles();
  res.json(articles.filter((a) => pattern.test(a.title)));
});

router.get('/articles/by-slug/:slug', async (req, res) => {
  if (!SLUG_RE.test(req.params.slug)) return res.sendStatus(400);
  res.json((await loadArticles()).find((a) => a.slug === req.params.slug) || null);
});

router.get('/articles/on/:date', async (req, res) => {
  if (!ISO_DATE_RE.test(req.params.date)) return res.sendStatus(400);
  res.json((await loadArticles()).filter((a) => a.date === req.params.date));
});

async function loadArticles() {
  return [];
}

module.exports = router;
