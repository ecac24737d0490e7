const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  const q = req.query.q;
  const run = () => db.query("SELECT * FROM t WHERE name = '" + q + "'");
  run();
});
