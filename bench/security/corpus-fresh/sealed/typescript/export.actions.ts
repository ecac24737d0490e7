'use server';

import { execSync, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { auth } from '@/auth';

const EXPORT_DIR = '/var/exports';

export async function exportCsv(formData: FormData) {
  const session = await auth();
  const table = String(formData.get('table'));
  const out = path.join(EXPORT_DIR, `${session!.user.id}-${Date.now()}.csv`);
  execSync(`psql "$DATABASE_URL" -c "\\copy ${table} TO '${out}' CSV HEADER"`);
  return path.basename(out);
}

export async function exportCsvSpawn(formData: FormData) {
  const session = await auth();
  const table = String(formData.get('table'));
  if (!['orders', 'customers', 'products'].includes(table)) throw new Error('unknown table');
  const out = path.join(EXPORT_DIR, `${session!.user.id}-${Date.now()}.csv`);
  const child = spawn('psql', [process.env.DATABASE_URL!, '-c', `\\copy ${table} TO '${out}' CSV HEADER`]);
  await new Promise((r) => child.on('close', r));
  return path.basename(out);
}

export async function readExport(formData: FormData) {
  const name = String(formData.get('name'));
  return readFile(path.join(EXPORT_DIR, name), 'utf8');
}

export async function readExportChecked(formData: FormData) {
  const name = path.basename(String(formData.get('name')));
  return readFile(path.join(EXPORT_DIR, name), 'utf8');
}
