const express = require('express');
const childProcess = require('child_process');
const app = express();

function convert(input, output) {
  return new Promise((resolve, reject) => {
    childProcess.exec(`ffmpeg -i ${input} ${output}`, (err) => (err ? reject(err) : resolve()));
  });
}

app.post('/convert', async (req, res) => {
  await convert(req.body.source, 'out.mp4');
  res.sendStatus(204);
});
