const express = require('express');
const fs = require('fs');
const path = require('path');
const { buildCsv } = require('./csv');

const app = express();
const EXPORT_DIR = path.join(__dirname, 'exports');

app.post('/exports/:reportId', async (req, res) => {
  const csv = await buildCsv(req.params.reportId);
  fs.mkdirSync(EXPORT_DIR, { recursive: true });
  const file = path.join(EXPORT_DIR, `report-${Date.now()}.csv`);
  fs.writeFileSync(file, csv);
  fs.chmodSync(file, 0o777);
  res.json({ file: path.basename(file) });
});

module.exports = app;
