const vm = require('vm');
const express = require('express');

const router = express.Router();

router.post('/sheets/eval', (req, res) => {
  const { formula, cells } = req.body;
  const result = vm.runInNewContext(formula, { cells });
  res.json({ result });
});

router.post('/sheets/compile', (req, res) => {
  const body = req.body.expression;
  const fn = new Function('row', `return (${body});`);
  res.json(req.body.rows.map(fn));
});

router.post('/sheets/parse', (req, res) => {
  const data = JSON.parse(req.body.raw);
  res.json(data);
});

router.get('/sheets/legacy', (req, res) => {
  const cfg = req.query.cfg || '{}';
  const parsed = eval('(' + cfg + ')');
  res.json(parsed);
});

const OPS = { sum: (a) => a.reduce((x, y) => x + y, 0), max: (a) => Math.max(...a), min: (a) => Math.min(...a) };

router.post('/sheets/agg', (req, res) => {
  const op = OPS[req.body.op];
  if (typeof op !== 'function' || !Object.hasOwn(OPS, req.body.op)) return res.status(400).end();
  res.json({ value: op(req.body.values.map(Number)) });
});

router.get('/sheets/timer', (req, res) => {
  const delay = Number(req.query.ms) || 1000;
  setTimeout(() => res.json({ waited: delay }), Math.min(delay, 5000));
});

module.exports = router;
