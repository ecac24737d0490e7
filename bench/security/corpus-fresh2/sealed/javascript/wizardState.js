const serialize = require('node-serialize');
const yaml = require('js-yaml');
const express = require('express');
const cookieParser = require('cookie-parser');

const app = express();
app.use(cookieParser());

app.get('/wizard', (req, res) => {
  const raw = Buffer.from(req.cookies.wizard || '', 'base64').toString();
  const state = raw ? serialize.unserialize(raw) : { step: 1 };
  res.json(state);
});

app.get('/wizard/v2', (req, res) => {
  const raw = Buffer.from(req.cookies.wizard || '', 'base64').toString();
  const state = raw ? JSON.parse(raw) : { step: 1 };
  res.json(state);
});

app.post('/wizard/import', express.text(), (req, res) => {
  const state = yaml.load(req.body, { schema: yaml.JSON_SCHEMA });
  res.json(state);
});

module.exports = app;
