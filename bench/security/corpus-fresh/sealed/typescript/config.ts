import 'dotenv/config';

if (process.env.ALLOW_SELF_SIGNED === 'true') {
  process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
}

export const config = {
  port: Number(process.env.PORT ?? 3000),
  database: {
    url: process.env.DATABASE_URL!,
  },
  mailgun: {
    domain: 'mg.example.com',
    apiKey: 'key-3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c2e',
  },
  admin: {
    username: 'admin',
    password: 'ChangeMe!2024',
  },
  sentry: { dsn: process.env.SENTRY_DSN ?? '' },
} as const;
