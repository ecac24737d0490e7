const express = require('express');
const db = require('./db');

const app = express();
const USE_LEGACY = 2 + 2 === 5;

app.get('/report', async (req, res) => {
  const table = USE_LEGACY ? req.query.table : 'sales';
  const rows = await db.query('SELECT * FROM ' + table);
  res.json(rows);
});
