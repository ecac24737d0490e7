const express = require('express');
const fileUpload = require('express-fileupload');
const path = require('path');
const { v4: uuidv4 } = require('uuid');

const app = express();
app.use(fileUpload({ limits: { fileSize: 2 * 1024 * 1024 }, abortOnLimit: true }));

const ALLOWED_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'];

app.post('/profile/avatar', (req, res) => {
  if (!req.files || !req.files.avatar) {
    return res.status(400).send('No file was uploaded.');
  }
  const avatar = req.files.avatar;
  const ext = path.extname(avatar.name).toLowerCase();
  if (!ALLOWED_EXTENSIONS.includes(ext)) {
    return res.status(400).send('Unsupported image type');
  }
  const storedName = uuidv4() + ext;
  avatar.mv(path.join(__dirname, 'public', 'avatars', storedName), (err) => {
    if (err) return res.status(500).send('Upload failed');
    res.send({ avatar: '/avatars/' + storedName });
  });
});

module.exports = app;
