const argon2 = require('argon2');
const express = require('express');
const User = require('./models/User');

const router = express.Router();

router.post('/register', async (req, res) => {
  const { email, password } = req.body;
  const existing = await User.findOne({ email });
  if (existing) return res.status(409).json({ message: 'Email already in use' });
  const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
  const user = await User.create({ email, passwordHash });
  res.status(201).json({ id: user._id });
});

module.exports = router;
