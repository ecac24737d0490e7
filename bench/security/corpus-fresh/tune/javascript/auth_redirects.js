const express = require('express');
const passport = require('passport');

const router = express.Router();

function isRelativePath(p) {
  return typeof p === 'string' && p.startsWith('/') && !p.startsWith('//') && !p.startsWith('/\\');
}

router.post('/login', passport.authenticate('local', { failureRedirect: '/login?error=1' }), (req, res) => {
  res.redirect(req.query.next || '/dashboard');
});

router.get('/logout', (req, res) => {
  req.logout(() => {
    const target = isRelativePath(req.query.returnTo) ? req.query.returnTo : '/';
    res.redirect(target);
  });
});

router.get('/out', (req, res) => {
  const dest = req.query.to;
  res.statusCode = 302;
  res.setHeader('Location', dest);
  res.end();
});

router.get('/help', (req, res) => {
  res.redirect(301, 'https://support.example.com/' + encodeURIComponent(req.query.topic || ''));
});

module.exports = router;
