const axios = require('axios');
const express = require('express');

const app = express();
const CDN_BASE = 'https://cdn.shopassets.example.com';

app.get('/proxy/image', async (req, res) => {
  try {
    const upstream = await axios.get(req.query.url, { responseType: 'stream', timeout: 5000 });
    res.set('Content-Type', upstream.headers['content-type']);
    upstream.data.pipe(res);
  } catch (e) {
    res.sendStatus(502);
  }
});

app.get('/proxy/product/:sku/:size', async (req, res) => {
  const { sku, size } = req.params;
  const upstream = await axios.get(`${CDN_BASE}/products/${encodeURIComponent(sku)}/${encodeURIComponent(size)}.webp`, {
    responseType: 'stream',
  });
  upstream.data.pipe(res);
});

app.get('/proxy/avatar', async (req, res) => {
  const target = new URL(`https://avatars.example.com/u/${req.query.id}`);
  const upstream = await axios({ method: 'get', url: target.toString(), responseType: 'stream' });
  upstream.data.pipe(res);
});

module.exports = app;
