const crypto = require('crypto');
const fs = require('fs/promises');
const path = require('path');
const express = require('express');
const multer = require('multer');

const UPLOAD_DIR = path.resolve('/var/app/uploads');
const router = express.Router();

const memory = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024 } });

router.post('/upload', memory.single('file'), async (req, res) => {
  const dest = path.join(UPLOAD_DIR, req.body.folder || '', req.file.originalname);
  await fs.writeFile(dest, req.file.buffer);
  res.json({ stored: path.relative(UPLOAD_DIR, dest) });
});

router.post('/v2/upload', memory.single('file'), async (req, res) => {
  const ext = path.extname(req.file.originalname).toLowerCase();
  if (!['.png', '.jpg', '.jpeg', '.pdf'].includes(ext)) return res.status(415).end();
  const name = crypto.randomUUID() + ext;
  await fs.writeFile(path.join(UPLOAD_DIR, name), req.file.buffer);
  res.json({ stored: name });
});

router.get('/download/:name', async (req, res) => {
  const name = path.basename(req.params.name);
  res.download(path.join(UPLOAD_DIR, name));
});

module.exports = router;
