const express = require('express');
const escapeHtml = require('escape-html');
const app = express();

app.get('/hello', (req, res) => {
  res.send('<p>Hello ' + escapeHtml(req.query.name) + '</p>');
});
