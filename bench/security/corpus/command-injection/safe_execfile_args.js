const express = require('express');
const { execFile } = require('child_process');

const app = express();

app.get('/count', (req, res) => {
  execFile('wc', ['-l', req.query.file], (err, stdout) => res.send(stdout));
});
