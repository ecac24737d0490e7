const crypto = require('crypto');
const express = require('express');
const multer = require('multer');
const path = require('path');

const app = express();
const ALLOWED = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif' };

const storage = multer.diskStorage({
  destination: (req, file, cb) => cb(null, path.join(__dirname, 'uploads')),
  filename: (req, file, cb) => cb(null, crypto.randomUUID() + ALLOWED[file.mimetype]),
});

const upload = multer({
  storage,
  limits: { fileSize: 5 * 1024 * 1024 },
  fileFilter: (req, file, cb) => {
    const ext = path.extname(file.originalname).toLowerCase();
    if (ALLOWED[file.mimetype] && Object.values(ALLOWED).includes(ext === '.jpeg' ? '.jpg' : ext)) {
      return cb(null, true);
    }
    cb(new Error('Only PNG, JPEG and GIF images are allowed'));
  },
});

app.post('/upload', upload.single('image'), (req, res) => {
  res.json({ id: req.file.filename });
});

module.exports = app;
