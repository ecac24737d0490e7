const express = require('express');
const session = require('express-session');
const { Account } = require('./models');
const { verifyPassword } = require('./passwords');

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post('/login', async (req, res) => {
  const account = await Account.findOne({ where: { email: req.body.email } });
  if (!account || !(await verifyPassword(req.body.password, account.passwordHash))) {
    return res.status(401).send('Invalid login');
  }
  req.session.accountId = account.id;
  res.redirect('/account');
});

function requireLogin(req, res, next) {
  if (!req.session.accountId) return res.redirect('/login');
  next();
}

app.use(requireLogin);

app.get('/account', async (req, res) => {
  const account = await Account.findByPk(req.session.accountId);
  res.render('account', { account });
});

app.post('/account/delete', async (req, res) => {
  await Account.destroy({ where: { id: req.session.accountId } });
  req.session.destroy(() => res.redirect('/'));
});

module.exports = app;
