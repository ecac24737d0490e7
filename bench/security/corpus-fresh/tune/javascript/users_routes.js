const express = require('express');
const mysql = require('mysql2/promise');

const router = express.Router();
const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: 'app',
});

router.get('/users/:id', async (req, res, next) => {
  try {
    const [rows] = await pool.query('SELECT id, name, email FROM users WHERE id = ?', [req.params.id]);
    if (!rows.length) return res.sendStatus(404);
    res.json(rows[0]);
  } catch (err) {
    next(err);
  }
});

router.get('/users', async (req, res, next) => {
  const { role = 'member', sort = 'name' } = req.query;
  try {
    const [rows] = await pool.query(`SELECT id, name FROM users WHERE role = '${role}' ORDER BY ${sort}`);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

router.post('/users/:id/nickname', async (req, res) => {
  const sql = "UPDATE users SET nickname = '" + req.body.nickname + "' WHERE id = " + req.params.id;
  await pool.execute(sql);
  res.sendStatus(204);
});

router.delete('/users/:id', async (req, res) => {
  await pool.execute('DELETE FROM users WHERE id = ?', [Number(req.params.id)]);
  res.sendStatus(204);
});

module.exports = router;
