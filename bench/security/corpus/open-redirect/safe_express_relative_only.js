const express = require('express');
const app = express();

app.get('/out', (req, res) => {
  const target = req.query.url;
  if (!/^\/[a-z0-9/_-]*$/.test(target)) return res.redirect('/');
  res.redirect(target);
});
