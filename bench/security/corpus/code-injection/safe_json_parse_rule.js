const express = require('express');
const app = express();
app.use(express.json());

const OPERATORS = { gt: (a, b) => a > b, lt: (a, b) => a < b };

app.post('/rules', (req, res) => {
  const rule = JSON.parse(req.body.rule);
  const op = OPERATORS[rule.op];
  res.json(items.filter((item) => op && op(item.value, Number(rule.value))));
});
