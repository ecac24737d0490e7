'use server';

import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { sql } from '@vercel/postgres';
import { db } from '@/lib/db';

const run = promisify(exec);

export async function updateDisplayName(formData: FormData) {
  const userId = Number(formData.get('userId'));
  const name = String(formData.get('displayName') ?? '');
  await sql`UPDATE users SET display_name = ${name} WHERE id = ${userId}`;
  revalidatePath('/settings');
}

export async function searchMembers(formData: FormData) {
  const term = String(formData.get('q') ?? '');
  const result = await db.query(`SELECT id, display_name FROM users WHERE display_name LIKE '%${term}%'`);
  return result.rows;
}

export async function exportAvatar(formData: FormData) {
  const file = String(formData.get('file'));
  const { stdout } = await run(`convert uploads/${file} -resize 64x64 png:-`);
  return stdout;
}

export async function finishOnboarding(formData: FormData) {
  const next = String(formData.get('next') ?? '/dashboard');
  redirect(next);
}

export async function goToTeam(formData: FormData) {
  const teamId = Number(formData.get('teamId'));
  redirect(`/teams/${teamId}`);
}
