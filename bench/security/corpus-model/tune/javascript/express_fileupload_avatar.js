const express = require('express');
const fileUpload = require('express-fileupload');

const app = express();
app.use(fileUpload());

// upload a profile picture
app.post('/profile/avatar', (req, res) => {
  if (!req.files || !req.files.avatar) {
    return res.status(400).send('No file was uploaded.');
  }
  const avatar = req.files.avatar;
  const uploadPath = __dirname + '/public/avatars/' + avatar.name;
  avatar.mv(uploadPath, (err) => {
    if (err) return res.status(500).send('Upload failed');
    res.send({ avatar: '/avatars/' + avatar.name });
  });
});

module.exports = app;
