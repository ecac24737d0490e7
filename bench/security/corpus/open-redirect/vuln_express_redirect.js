const express = require('express');
const app = express();

app.get('/out', (req, res) => {
  const target = req.query.url;
  res.redirect(302, target);
});
