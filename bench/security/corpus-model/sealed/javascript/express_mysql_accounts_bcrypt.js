const bcrypt = require('bcryptjs');
const express = require('express');
const mysql = require('mysql2/promise');

const app = express();
app.use(express.json());
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

app.post('/accounts', async (req, res) => {
  const { email, password, displayName } = req.body;
  const passwordHash = bcrypt.hashSync(password, 12);
  const [result] = await pool.query('INSERT INTO accounts SET ?', {
    email,
    password_hash: passwordHash,
    display_name: displayName,
  });
  res.status(201).json({ id: result.insertId });
});

module.exports = app;
