const express = require('express');
const { pool } = require('./db');
const logger = require('./logger');

const app = express();
app.use(express.json());

app.get('/api/orders/:id', async (req, res) => {
  try {
    const { rows } = await pool.query('SELECT id, status, total FROM orders WHERE id = $1', [req.params.id]);
    if (rows.length === 0) return res.status(404).json({ error: 'Order not found' });
    res.json(rows[0]);
  } catch (err) {
    logger.error({ err }, 'failed to load order');
    res.status(500).json({ error: 'Internal server error' });
  }
});

module.exports = app;
