const express = require('express');
const app = express();

app.post('/switch', (req, res) => {
  req.session.account = req.body.account;
  res.end();
});
