const serialize = require('node-serialize');
const yaml = require('js-yaml');
const express = require('express');
const cookieParser = require('cookie-parser');

const app = express();
app.use(cookieParser());

app.get('/dashboard', (req, res) => {
  const raw = req.cookies.layout;
  const layout = raw ? serialize.unserialize(Buffer.from(raw, 'base64').toString()) : {};
  res.json({ widgets: layout.widgets || [] });
});

app.get('/dashboard/v2', (req, res) => {
  const raw = req.cookies.layout;
  const layout = raw ? JSON.parse(Buffer.from(raw, 'base64').toString()) : {};
  res.json({ widgets: layout.widgets || [] });
});

app.post('/pipelines', express.text(), (req, res) => {
  const pipeline = yaml.load(req.body);
  res.json({ steps: (pipeline.steps || []).length });
});

module.exports = app;
