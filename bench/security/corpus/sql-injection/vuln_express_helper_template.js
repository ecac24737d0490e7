const express = require('express');
const mysql = require('mysql2');

const app = express();
const pool = mysql.createPool({ host: 'localhost', user: 'app', database: 'shop' });

function whereClause(field, value) {
  return `WHERE ${field} = '${value}'`;
}

function findProducts(filter, done) {
  pool.query('SELECT id, name FROM products ' + filter, done);
}

app.get('/products', (req, res) => {
  findProducts(whereClause('category', req.query.category), (err, rows) => res.json(rows));
});

app.listen(3000);
