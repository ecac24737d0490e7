const express = require('express');
const { authenticate } = require('./middleware/auth');
const db = require('./db');

const app = express();
app.use(express.json());

app.get('/api/me', authenticate, async (req, res) => {
  const user = await db.users.findById(req.user.id);
  res.json({ id: user.id, email: user.email, name: user.name });
});

// update a user's email address
app.put('/api/users/:id/email', async (req, res) => {
  const { email } = req.body;
  await db.users.update(req.params.id, { email });
  res.json({ updated: true });
});

app.listen(3000);
