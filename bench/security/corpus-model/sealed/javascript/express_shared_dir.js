const express = require('express');
const fs = require('fs');
const path = require('path');

const app = express();
const SHARED = path.join(__dirname, 'shared');

app.post('/workspaces/:name', async (req, res) => {
  const dir = path.join(SHARED, req.params.name.replace(/[^a-z0-9-]/gi, ''));
  await fs.promises.mkdir(dir, { recursive: true });
  await fs.promises.chmod(dir, 0o777);
  res.status(201).json({ workspace: path.basename(dir) });
});

module.exports = app;
