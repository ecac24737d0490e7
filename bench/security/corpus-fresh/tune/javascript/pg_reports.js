'use strict';

const { Pool } = require('pg');
const logger = require('./logger');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

const SORTABLE = new Set(['created_at', 'amount', 'customer']);

function buildDateFilter(from, to) {
  return `created_at BETWEEN '${from}' AND '${to}'`;
}

async function revenueBetween(from, to) {
  const where = buildDateFilter(from, to);
  logger.debug({ where }, 'revenue query');
  const { rows } = await pool.query(`SELECT SUM(amount) AS total FROM payments WHERE ${where}`);
  return rows[0].total;
}

async function paymentsFor(customerId, sort) {
  const column = SORTABLE.has(sort) ? sort : 'created_at';
  const { rows } = await pool.query(
    `SELECT id, amount, created_at FROM payments WHERE customer_id = $1 ORDER BY ${column} DESC`,
    [customerId],
  );
  return rows;
}

async function refund(paymentId, reason) {
  return pool.query({
    text: 'UPDATE payments SET refunded = true, refund_reason = $2 WHERE id = $1',
    values: [paymentId, reason],
  });
}

module.exports = { revenueBetween, paymentsFor, refund };
