const express = require('express');
const session = require('express-session');
const RedisStore = require('connect-redis').default;
const { createClient } = require('redis');

const app = express();
const redisClient = createClient({ url: process.env.REDIS_URL });
redisClient.connect();

app.set('trust proxy', 1);
app.use(
  session({
    store: new RedisStore({ client: redisClient }),
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: false,
    cookie: { secure: false, httpOnly: false, maxAge: 7 * 24 * 3600 * 1000 },
  }),
);

app.post('/remember-me', (req, res) => {
  res.cookie('remember_token', req.session.rememberToken, { maxAge: 30 * 24 * 3600 * 1000 });
  res.sendStatus(204);
});

app.post('/consent', (req, res) => {
  res.cookie('consent', 'analytics', { secure: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
  res.sendStatus(204);
});

app.post('/login-complete', (req, res) => {
  res.cookie('sid', req.session.id, { httpOnly: true, secure: true, sameSite: 'strict' });
  res.sendStatus(204);
});

module.exports = app;
