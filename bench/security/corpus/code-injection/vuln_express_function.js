const express = require('express');
const app = express();
app.use(express.json());

app.post('/rules', (req, res) => {
  const predicate = new Function('item', 'return ' + req.body.rule);
  res.json(items.filter(predicate));
});
