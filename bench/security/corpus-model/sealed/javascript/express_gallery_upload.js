const express = require('express');
const multer = require('multer');

const app = express();

const storage = multer.diskStorage({
  destination: 'public/gallery/',
  filename: (req, file, cb) => {
    cb(null, Date.now() + '-' + file.originalname);
  },
});
const upload = multer({ storage, limits: { fileSize: 10 * 1024 * 1024 } });

app.post('/gallery', upload.array('photos', 12), (req, res) => {
  res.json({ files: req.files.map((f) => '/gallery/' + f.filename) });
});

module.exports = app;
