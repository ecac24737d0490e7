const express = require('express');
const app = express();
app.get('/x', (req, res) => {
  const q = Number(req.query.q);
  const run = (limit) => db.query("SELECT * FROM t LIMIT " + limit);
  run(q);
});
