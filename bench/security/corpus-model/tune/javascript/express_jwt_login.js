const express = require('express');
const jwt = require('jsonwebtoken');
const { checkCredentials } = require('./users');

const app = express();
app.use(express.json());

app.post('/api/login', async (req, res) => {
  const user = await checkCredentials(req.body.username, req.body.password);
  if (!user) return res.status(401).json({ error: 'Invalid username or password' });
  const token = jwt.sign({ id: user.id, role: user.role }, 'mysecretkey123', { expiresIn: '1h' });
  res.json({ token });
});

module.exports = app;
