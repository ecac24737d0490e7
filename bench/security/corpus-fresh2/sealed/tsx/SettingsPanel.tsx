import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';
import { getSession } from '@/lib/auth';

async function saveProfile(formData: FormData) {
  'use server';
  const session = await getSession();
  const data = Object.fromEntries(formData);
  await db.user.update({ where: { id: session.userId }, data });
  revalidatePath('/settings');
}

async function saveProfileFields(formData: FormData) {
  'use server';
  const session = await getSession();
  await db.user.update({
    where: { id: session.userId },
    data: { displayName: String(formData.get('displayName') ?? ''), timezone: String(formData.get('timezone') ?? 'UTC') },
  });
  revalidatePath('/settings');
}

async function searchTeam(formData: FormData) {
  'use server';
  const q = String(formData.get('q') ?? '');
  return db.$queryRawUnsafe(`SELECT id, name FROM users WHERE name ILIKE '%${q}%'`);
}

async function searchTeamBound(formData: FormData) {
  'use server';
  const q = String(formData.get('q') ?? '');
  return db.$queryRaw`SELECT id, name FROM users WHERE name ILIKE ${'%' + q + '%'}`;
}

export default function SettingsPanel() {
  return (
    <>
      <form action={saveProfile}><input name="displayName" /><button>Save</button></form>
      <form action={saveProfileFields}><input name="timezone" /><button>Save</button></form>
      <form action={searchTeam}><input name="q" /></form>
      <form action={searchTeamBound}><input name="q" /></form>
    </>
  );
}
