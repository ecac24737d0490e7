const express = require('express');
const app = express();

app.post('/switch', (req, res) => {
  const account = Number(req.body.account);
  req.session.account = account;
  res.end();
});
