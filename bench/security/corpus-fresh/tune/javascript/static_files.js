const express = require('express');
const fs = require('fs');
const path = require('path');

const router = express.Router();
const DOCS_DIR = path.resolve(__dirname, '..', 'docs');

router.get('/docs/:page', (req, res) => {
  const file = path.join(DOCS_DIR, req.params.page);
  fs.readFile(file, 'utf8', (err, text) => {
    if (err) return res.sendStatus(404);
    res.type('text/markdown').send(text);
  });
});

router.get('/attachments/:name', (req, res) => {
  res.sendFile(req.params.name, { root: path.join(__dirname, '..', 'attachments'), dotfiles: 'deny' });
});

router.get('/exports', (req, res) => {
  const requested = path.resolve(DOCS_DIR, 'exports', String(req.query.file || ''));
  if (!requested.startsWith(DOCS_DIR + path.sep)) return res.sendStatus(400);
  fs.createReadStream(requested).pipe(res);
});

router.get('/legacy/:file', (req, res) => {
  const cleaned = req.params.file.replace('../', '');
  const stream = fs.createReadStream(path.join(DOCS_DIR, 'legacy', cleaned));
  stream.on('error', () => res.sendStatus(404));
  stream.pipe(res);
});

module.exports = router;
