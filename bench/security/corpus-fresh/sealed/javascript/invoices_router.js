'use strict';

const express = require('express');
const mysql = require('mysql');

const router = express.Router();
const connection = mysql.createConnection({
  host: process.env.MYSQL_HOST,
  user: process.env.MYSQL_USER,
  password: process.env.MYSQL_PASSWORD,
  database: 'billing',
});

function byCustomerSql(customerId, year) {
  return 'SELECT id, amount, issued_on FROM invoices WHERE customer_id = ' + customerId + ' AND YEAR(issued_on) = ' + year;
}

router.get('/customers/:customerId/invoices', (req, res) => {
  connection.query(byCustomerSql(req.params.customerId, req.query.year || 2024), (err, rows) => {
    if (err) return res.status(500).json({ error: 'db' });
    res.json(rows);
  });
});

router.get('/invoices/:id', (req, res) => {
  connection.query('SELECT * FROM invoices WHERE id = ?', [req.params.id], (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows[0] || null);
  });
});

router.get('/invoices', (req, res) => {
  const status = mysql.escape(req.query.status || 'open');
  connection.query(`SELECT id, amount FROM invoices WHERE status = ${status}`, (err, rows) => {
    if (err) return res.status(500).end();
    res.json(rows);
  });
});

router.post('/invoices/:id/memo', (req, res) => {
  connection.query(`UPDATE invoices SET memo = "${req.body.memo}" WHERE id = ${req.params.id}`, (err) => {
    res.sendStatus(err ? 500 : 204);
  });
});

module.exports = router;
