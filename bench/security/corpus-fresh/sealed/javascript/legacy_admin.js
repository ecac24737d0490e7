const express = require('express');
const { exec } = require('child_process');
const db = require('./db');

const router = express.Router();

router.get('/admin/users', async (req, res) => {
  const rows = await db.query("SELECT id, email FROM users WHERE email LIKE '%" + req.query.email + "%'");
  res.send('<h2>Users matching ' + req.query.email + '</h2><pre>' + JSON.stringify(rows) + '</pre>');
});

router.post('/admin/restart', (req, res) => {
  exec('systemctl restart ' + req.body.service, (err, out) => res.send(out));
});

router.get('/admin/return', (req, res) => res.redirect(req.query.to));

module.exports = router;
