const express = require('express');
const app = express();

app.post('/login', (req, res) => {
  res.cookie('session', createSession(req.body.user), { secure: true, httpOnly: true, sameSite: 'strict' });
  res.json({ ok: true });
});
