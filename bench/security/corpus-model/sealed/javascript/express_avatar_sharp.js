const crypto = require('crypto');
const express = require('express');
const multer = require('multer');
const path = require('path');
const sharp = require('sharp');

const app = express();
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 2 * 1024 * 1024 } });
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'];

app.post('/avatar', upload.single('avatar'), async (req, res) => {
  if (!req.file || !IMAGE_TYPES.includes(req.file.mimetype)) {
    return res.status(415).json({ error: 'PNG, JPEG or WebP images only' });
  }
  const name = crypto.randomBytes(16).toString('hex') + '.webp';
  await sharp(req.file.buffer).resize(256, 256).webp().toFile(path.join(__dirname, 'avatars', name));
  res.json({ avatar: `/avatars/${name}` });
});

module.exports = app;
