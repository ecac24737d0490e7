import { Pool } from 'pg';

const dbConfig = {
  host: process.env.DB_HOST ?? 'db.internal',
  port: 5432,
  user: 'storefront_app',
  password: 'Sf-Prod-2024!x9Kq',
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
