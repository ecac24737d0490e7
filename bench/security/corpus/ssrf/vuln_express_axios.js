const express = require('express');
const axios = require('axios');
const app = express();

async function load(url) {
  const response = await axios.get(url);
  return response.data;
}

app.get('/preview', async (req, res) => {
  res.json(await load(req.query.url));
});
