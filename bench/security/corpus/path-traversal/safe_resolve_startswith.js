const express = require('express');
const fs = require('fs');
const path = require('path');

const app = express();
const ROOT = path.resolve('/srv/files');

app.get('/download', (req, res) => {
  const full = path.resolve(ROOT, req.query.name);
  if (!full.startsWith(ROOT + path.sep)) return res.status(404).end();
  fs.createReadStream(full).pipe(res);
});
