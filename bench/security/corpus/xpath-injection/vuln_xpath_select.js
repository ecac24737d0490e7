const xpath = require('xpath');
const express = require('express');
const app = express();

app.get('/email', (req, res) => {
  const nodes = xpath.select("//user[name='" + req.query.name + "']/email", usersDoc);
  res.json(nodes.map(String));
});
