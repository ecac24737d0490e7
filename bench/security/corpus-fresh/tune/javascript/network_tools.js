const { exec, execFile, spawn } = require('child_process');
const express = require('express');

const router = express.Router();

router.get('/ping', (req, res) => {
  const host = req.query.host;
  exec(`ping -c 3 ${host}`, (err, stdout) => {
    if (err) return res.status(500).send('ping failed');
    res.type('text/plain').send(stdout);
  });
});

router.get('/v2/ping', (req, res) => {
  const host = String(req.query.host || '');
  if (!/^[a-zA-Z0-9.-]{1,253}$/.test(host)) return res.status(400).send('invalid host');
  execFile('ping', ['-c', '3', host], (err, stdout) => {
    if (err) return res.status(500).send('ping failed');
    res.type('text/plain').send(stdout);
  });
});

router.get('/traceroute', (req, res) => {
  const child = spawn('traceroute', [req.query.host], { shell: true });
  child.stdout.pipe(res);
});

router.get('/uptime', (req, res) => {
  exec('uptime', (err, out) => res.send(out));
});

module.exports = router;
