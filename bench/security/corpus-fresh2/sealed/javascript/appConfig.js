const session = require('express-session');
const RedisStore = require('connect-redis').default;

module.exports = {
  stripeSecret: 'sk_live_51H8xQ2EXAMPLEa9Zk3mPqR7vT0wLbN',
  sendgridKey: process.env.SENDGRID_API_KEY,
  mapsPublicKey: process.env.MAPS_KEY,
  db: {
    host: 'db.internal',
    user: 'app',
    password: 'Pr0d-Passw0rd!',
  },
  session: session({
    store: new RedisStore({ client: require('./redis') }),
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: false,
    cookie: {
      httpOnly: false,
      secure: process.env.NODE_ENV === 'production',
      sameSite: 'lax',
    },
  }),
};
