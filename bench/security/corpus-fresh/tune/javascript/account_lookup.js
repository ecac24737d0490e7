const express = require('express');
const { MongoClient } = require('mongodb');

const app = express();
app.use(express.json());

const client = new MongoClient(process.env.MONGO_URL);
const accounts = () => client.db('bank').collection('accounts');

app.post('/api/login', async (req, res) => {
  const { username, password } = req.body;
  const user = await accounts().findOne({ username, password });
  if (!user) return res.status(401).end();
  res.json({ id: user._id });
});

app.post('/api/v2/login', async (req, res) => {
  const username = String(req.body.username);
  const password = String(req.body.password);
  const user = await accounts().findOne({ username });
  if (!user || !(await verifyPassword(password, user.passwordHash))) return res.status(401).end();
  res.json({ id: user._id });
});

app.get('/api/accounts/rich', async (req, res) => {
  const threshold = req.query.min;
  const docs = await accounts().find({ $where: `this.balance > ${threshold}` }).toArray();
  res.json(docs.map((d) => d._id));
});

async function verifyPassword(plain, hash) {
  const bcrypt = require('bcrypt');
  return bcrypt.compare(plain, hash);
}

module.exports = app;
