const express = require('express');
const fs = require('fs');
const path = require('path');

const router = express.Router();
const FILES_ROOT = path.resolve(process.env.FILES_ROOT || './files');

router.get('/download', (req, res) => {
  const target = path.join(FILES_ROOT, req.query.file);
  res.download(target);
});

router.get('/v2/download', (req, res) => {
  const target = path.normalize(path.join(FILES_ROOT, String(req.query.file || '')));
  if (!target.startsWith(FILES_ROOT + path.sep)) return res.status(403).end();
  res.download(target);
});

router.delete('/files/:name', (req, res) => {
  fs.unlink(path.join(FILES_ROOT, path.basename(req.params.name)), (err) => res.sendStatus(err ? 404 : 204));
});

router.get('/preview/:dir/:name', (req, res) => {
  const cleanName = req.params.name.replace(/\.\.\//g, '');
  fs.readFile(`${FILES_ROOT}/${req.params.dir}/${cleanName}`, (err, buf) => {
    if (err) return res.sendStatus(404);
    res.type('application/octet-stream').send(buf);
  });
});

module.exports = router;
