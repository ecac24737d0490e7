const vm = require('vm');
const express = require('express');

const app = express();
app.use(express.json());

app.post('/preview/expression', (req, res) => {
  const context = vm.createContext({ order: req.body.order || {} });
  const value = vm.runInContext(req.body.expression, context, { timeout: 100 });
  res.json({ value });
});

app.post('/preview/data', (req, res) => {
  const data = eval('(' + req.body.data + ')');
  res.json({ keys: Object.keys(data) });
});

app.post('/preview/json', (req, res) => {
  const data = JSON.parse(req.body.data);
  res.json({ keys: Object.keys(data) });
});

const formatters = {
  upper: (s) => String(s).toUpperCase(),
  lower: (s) => String(s).toLowerCase(),
};

app.post('/preview/format', (req, res) => {
  const fn = formatters[req.body.formatter];
  if (typeof fn !== 'function' || !Object.hasOwn(formatters, req.body.formatter)) return res.status(400).end();
  res.json({ value: fn(req.body.value) });
});

module.exports = app;
