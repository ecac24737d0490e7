const express = require('express');
const app = express();
const store = new Map();

app.get('/set', (req, res) => {
  const { section, key, value } = req.query;
  if (!store.has(section)) store.set(section, new Map());
  store.get(section).set(key, value);
  res.end();
});
