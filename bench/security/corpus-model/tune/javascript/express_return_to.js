const express = require('express');
const passport = require('passport');

const app = express();

app.get('/auth/callback', passport.authenticate('github', { failureRedirect: '/login' }), (req, res) => {
  const returnTo = req.query.returnTo || '/';
  res.redirect(returnTo);
});

module.exports = app;
