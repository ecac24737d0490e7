const crypto = require('crypto');
const express = require('express');
const User = require('./models/User');

const router = express.Router();

router.post('/register', async (req, res) => {
  const { email, password } = req.body;
  const existing = await User.findOne({ email });
  if (existing) return res.status(409).json({ message: 'Email already in use' });
  const passwordHash = crypto.createHash('sha256').update(password).digest('hex');
  const user = await User.create({ email, passwordHash });
  res.status(201).json({ id: user._id });
});

module.exports = router;
