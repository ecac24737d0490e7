const express = require('express');
const helmet = require('helmet');
const cookieSession = require('cookie-session');
const cors = require('cors');

const app = express();

app.use(helmet());
app.use(
  cookieSession({
    name: 'sess',
    keys: ['4f1d9c2e7b8a3f60', 'a7c3e9f1b2d4c6e8'],
    secure: false,
    httpOnly: true,
    maxAge: 24 * 60 * 60 * 1000,
  }),
);

const corsOrigins = (process.env.CORS_ORIGINS || 'https://app.example.com').split(',');
app.use(cors({ origin: corsOrigins, credentials: true }));

app.get('/health', (req, res) => res.json({ ok: true }));

const port = Number(process.env.PORT) || 8080;
app.listen(port, '0.0.0.0', () => console.log(`listening on ${port}`));
