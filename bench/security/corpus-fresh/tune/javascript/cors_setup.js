const cors = require('cors');
const express = require('express');

const app = express();

const ALLOWED_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

app.use('/api/public', cors());

app.use(
  '/api/account',
  cors({
    origin: (origin, cb) => cb(null, origin),
    credentials: true,
  }),
);

app.use(
  '/api/billing',
  cors({
    origin: (origin, cb) => cb(null, ALLOWED_ORIGINS.includes(origin)),
    credentials: true,
  }),
);

app.use('/api/legacy', (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  next();
});

module.exports = app;
