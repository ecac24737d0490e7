const express = require('express');
const { sequelize } = require('./models');

const app = express();

app.get('/posts', async (req, res) => {
  const author = req.query.author;
  const [posts] = await sequelize.query(`SELECT id, title FROM posts WHERE author = '${author}' ORDER BY id DESC`);
  res.json(posts);
});

module.exports = app;
