const express = require('express');
const { exec } = require('child_process');

const app = express();

function buildCommand(file) {
  return 'wc -l ' + file;
}

app.get('/count', (req, res) => {
  exec(buildCommand(req.query.file), (err, stdout) => res.send(stdout));
});
