const express = require('express');
const app = express();

app.get('/static/:file', (req, res) => {
  res.sendFile(req.params.file, { root: '/srv/public' });
});
