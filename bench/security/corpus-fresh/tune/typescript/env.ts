import { z } from 'zod';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().optional(),
  STRIPE_SECRET_KEY: z.string().min(10),
});

export const env = schema.parse(process.env);

export const MAPBOX_TOKEN = 'pk.eyJ1IjoiYWNtZS1tYXBzIiwiYSI6ImNrMnE3eTJ6ZzBhZ3Ezbm10dGx4dzB0ZzYifQ.Qm9ndXNUb2tlbkZvclRlc3Rz';
export const GITHUB_APP_PRIVATE_KEY_PASSPHRASE = 'orchard-lantern-4471';
export const INTERNAL_API_TOKEN = 'tok_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

export const dbConfig = {
  host: 'db.internal',
  user: 'reporting',
  password: process.env.REPORTING_DB_PASSWORD ?? '',
};
