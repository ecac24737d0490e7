const xpath = require('xpath');
const express = require('express');
const app = express();

app.get('/email', (req, res) => {
  const nodes = xpath.select('//user', usersDoc).filter((n) => n.getAttribute('name') === req.query.name);
  res.json(nodes.length);
});
