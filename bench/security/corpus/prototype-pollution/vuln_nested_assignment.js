const express = require('express');
const app = express();
const store = {};

app.get('/set', (req, res) => {
  const { section, key, value } = req.query;
  store[section][key] = value;
  res.end();
});
