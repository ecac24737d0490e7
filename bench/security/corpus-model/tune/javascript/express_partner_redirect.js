const express = require('express');

const app = express();

// redirect users to partner pages, but only on example.com
app.get('/out', (req, res) => {
  const url = req.query.url;
  if (url && url.includes('example.com')) {
    return res.redirect(url);
  }
  res.redirect('/');
});

module.exports = app;
