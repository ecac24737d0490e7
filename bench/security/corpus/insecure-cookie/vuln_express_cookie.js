const express = require('express');
const app = express();

app.post('/login', (req, res) => {
  res.cookie('session', createSession(req.body.user));
  res.json({ ok: true });
});
