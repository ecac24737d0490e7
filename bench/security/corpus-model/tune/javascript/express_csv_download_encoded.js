const express = require('express');
const { renderCsv } = require('./reports');

const app = express();

app.get('/reports/download', async (req, res) => {
  const name = String(req.query.name || 'report');
  const csv = await renderCsv(req.query.report);
  res.setHeader('Content-Type', 'text/csv');
  res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}.csv`);
  res.send(csv);
});

module.exports = app;
