const express = require('express');
const app = express();

app.get('/static/:file', (req, res) => {
  res.sendFile('/srv/public/' + req.params.file);
});
