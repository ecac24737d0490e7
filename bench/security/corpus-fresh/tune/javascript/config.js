require('dotenv').config();

module.exports = {
  port: Number(process.env.PORT) || 3000,
  db: {
    host: process.env.DB_HOST || 'localhost',
    user: 'app_admin',
    password: 'S3cure-Pa55word-2023',
    database: 'orders',
  },
  aws: {
    region: 'eu-west-1',
    accessKeyId: 'AKIAQX7ZL3EXAMPLE7KD',
    secretAccessKey: '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',
  },
  jwtSecret: process.env.JWT_SECRET,
  stripeKey: process.env.STRIPE_SECRET_KEY || '',
  sentryDsn: 'https://public@o0.ingest.sentry.io/0',
};
