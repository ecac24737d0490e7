const express = require('express');
const { QueryTypes } = require('sequelize');
const { sequelize } = require('./models');

const app = express();

app.get('/posts', async (req, res) => {
  const posts = await sequelize.query('SELECT id, title FROM posts WHERE author = :author ORDER BY id DESC', {
    replacements: { author: String(req.query.author || '') },
    type: QueryTypes.SELECT,
  });
  res.json(posts);
});

module.exports = app;
