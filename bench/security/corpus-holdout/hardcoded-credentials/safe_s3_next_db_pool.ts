import { Pool } from 'pg';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

const dbConfig = {
  host: process.env.DB_HOST ?? 'db.internal',
  port: 5432,
  user: process.env.DB_USER ?? 'storefront_app',
  password: requireEnv('DB_PASSWORD'),
  database: 'storefront',
};

let pool: Pool | undefined;

export function getPool(): Pool {
  if (!pool) {
    pool = new Pool({ ...dbConfig, max: 10 });
  }
  return pool;
}

export async function query<T>(text: string, params: unknown[] = []): Promise<T[]> {
  const { rows } = await getPool().query(text, params);
  return rows as T[];
}
