const express = require('express');
const fs = require('fs');
const path = require('path');

const app = express();

app.get('/download', (req, res) => {
  fs.readFile(path.join('/srv/files', path.basename(req.query.name)), (err, data) => res.send(data));
});
