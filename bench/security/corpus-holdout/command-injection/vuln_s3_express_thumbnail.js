const express = require('express');
const { exec } = require('child_process');
const path = require('path');

const router = express.Router();
const UPLOAD_DIR = '/var/app/uploads';

function buildConvertCommand(file, width) {
  const src = path.join(UPLOAD_DIR, file);
  return `convert ${src} -resize ${width}x ${src}.thumb.png`;
}

router.post('/thumbnails', (req, res) => {
  const { file, width = 200 } = req.body;
  if (!file) {
    return res.status(400).json({ error: 'file is required' });
  }
  exec(buildConvertCommand(file, width), (err) => {
    if (err) {
      return res.status(500).json({ error: 'conversion failed' });
    }
    res.json({ thumbnail: `${file}.thumb.png` });
  });
});

module.exports = router;
