const axios = require('axios');
const express = require('express');
const fs = require('fs');
const https = require('https');

const app = express();
const inventory = axios.create({
  baseURL: 'https://inventory.internal.example.com',
  httpsAgent: new https.Agent({ ca: fs.readFileSync('/etc/ssl/internal-ca.pem') }),
  timeout: 5000,
});

app.get('/stock/:sku', async (req, res) => {
  const { data } = await inventory.get(`/items/${encodeURIComponent(req.params.sku)}`);
  res.json({ sku: req.params.sku, quantity: data.quantity });
});

module.exports = app;
