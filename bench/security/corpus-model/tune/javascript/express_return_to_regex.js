const express = require('express');
const passport = require('passport');

const app = express();
const ALLOWED_RETURN = /^https:\/\/(?:www\.)?example\.com(?:\/|$)/;

app.get('/auth/callback', passport.authenticate('github', { failureRedirect: '/login' }), (req, res) => {
  const returnTo = String(req.query.returnTo || '/');
  if (ALLOWED_RETURN.test(returnTo)) {
    return res.redirect(returnTo);
  }
  res.redirect('/');
});

module.exports = app;
