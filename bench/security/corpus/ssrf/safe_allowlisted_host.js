const express = require('express');
const axios = require('axios');
const app = express();
const ALLOWED = ['https://api.github.com', 'https://api.gitlab.com'];

app.get('/preview', async (req, res) => {
  const url = req.query.url;
  if (!ALLOWED.includes(url)) return res.status(400).end();
  const response = await axios.get(url);
  res.json(response.data);
});
