const express = require('express');
const { execFile } = require('child_process');
const path = require('path');

const router = express.Router();
const UPLOAD_DIR = '/var/app/uploads';

function buildConvertArgs(file, width) {
  const src = path.join(UPLOAD_DIR, path.basename(file));
  return [src, '-resize', `${width}x`, `${src}.thumb.png`];
}

router.post('/thumbnails', (req, res) => {
  const { file } = req.body;
  const width = Number.parseInt(req.body.width, 10) || 200;
  if (!file || width < 16 || width > 2048) {
    return res.status(400).json({ error: 'invalid request' });
  }
  execFile('convert', buildConvertArgs(file, width), (err) => {
    if (err) {
      return res.status(500).json({ error: 'conversion failed' });
    }
    res.json({ thumbnail: `${path.basename(file)}.thumb.png` });
  });
});

module.exports = router;
