const express = require('express');
const mysql = require('mysql');

const app = express();
const connection = mysql.createConnection({
  host: 'localhost',
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: 'shop',
});

app.get('/users/:id', (req, res) => {
  connection.query('SELECT id, name, email FROM users WHERE id = ?', [req.params.id], (err, results) => {
    if (err) return res.status(500).json({ error: 'query failed' });
    res.json(results[0] || null);
  });
});

module.exports = app;
