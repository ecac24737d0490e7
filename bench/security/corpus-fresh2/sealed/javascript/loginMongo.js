const express = require('express');
const mongoose = require('mongoose');
const bcrypt = require('bcrypt');

const User = mongoose.model('User', new mongoose.Schema({ username: String, password: String, bio: String }));
const router = express.Router();

router.post('/login', async (req, res) => {
  const user = await User.findOne({ username: req.body.username, password: req.body.password });
  if (!user) return res.status(401).end();
  res.json({ id: user.id });
});

router.post('/login/v2', async (req, res) => {
  const username = String(req.body.username || '');
  const user = await User.findOne({ username });
  if (!user || !(await bcrypt.compare(String(req.body.password || ''), user.password))) {
    return res.status(401).end();
  }
  res.json({ id: user.id });
});

router.get('/users/search', async (req, res) => {
  const users = await User.find({ $where: `this.bio.indexOf('${req.query.q}') >= 0` });
  res.json(users.map((u) => u.username));
});

router.post('/users/filter', async (req, res) => {
  const users = await User.find(req.body.filter);
  res.json(users.length);
});

module.exports = router;
