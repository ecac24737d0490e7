const cors = require('cors');
const express = require('express');

const app = express();
const allowed = ['https://admin.example.com', 'https://app.example.com'];

app.use('/api', cors({ origin: true, credentials: true }));

app.use('/partner', cors({
  origin: (origin, cb) => cb(null, !origin || allowed.includes(origin)),
  credentials: true,
}));

app.use('/public', cors());

app.use('/legacy', (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

module.exports = app;
