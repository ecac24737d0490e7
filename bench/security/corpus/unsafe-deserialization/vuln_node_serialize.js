const serialize = require('node-serialize');
const express = require('express');
const app = express();

app.get('/prefs', (req, res) => {
  const prefs = serialize.unserialize(Buffer.from(req.cookies.prefs, 'base64').toString());
  res.json(prefs);
});
