const express = require('express');
const mysql = require('mysql2');

const app = express();
const pool = mysql.createPool({ host: 'localhost', user: 'app', database: 'shop' });

function findProducts(category, done) {
  pool.query('SELECT id, name FROM products WHERE category = ?', [category], done);
}

app.get('/products', (req, res) => {
  findProducts(req.query.category, (err, rows) => res.json(rows));
});
