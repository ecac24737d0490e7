const express = require('express');
const fs = require('fs');
const path = require('path');

const app = express();
const ROOT = '/srv/files';

function filePath(name) {
  return path.join(ROOT, name);
}

app.get('/download', (req, res) => {
  fs.readFile(filePath(req.query.name), (err, data) => res.send(data));
});
