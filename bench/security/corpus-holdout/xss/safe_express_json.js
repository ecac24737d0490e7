const express = require('express');
const app = express();

app.get('/echo', (req, res) => {
  res.json({ message: req.query.msg });
});
