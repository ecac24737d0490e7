import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { redirect } from 'next/navigation';
import { db } from '@/lib/db';
import { getSession } from '@/lib/session';

const execFileAsync = promisify(execFile);

export default async function SettingsForm({ searchParams }: { searchParams: { back?: string } }) {
  const session = await getSession();

  async function save(formData: FormData) {
    'use server';
    const timezone = String(formData.get('timezone'));
    await db.query('UPDATE users SET timezone = $1 WHERE id = $2', [timezone, session.userId]);
    const back = String(formData.get('back') ?? '/settings');
    redirect(back);
  }

  async function verifyDomain(formData: FormData) {
    'use server';
    const domain = String(formData.get('domain'));
    const { stdout } = await execFileAsync('dig', ['+short', 'TXT', domain]);
    await db.query('UPDATE orgs SET domain_txt = $1 WHERE owner_id = $2', [stdout.trim(), session.userId]);
  }

  return (
    <>
      <form action={save}>
        <input name="timezone" defaultValue={session.timezone} />
        <input type="hidden" name="back" defaultValue={searchParams.back ?? '/settings'} />
        <button type="submit">Save</button>
      </form>
      <form action={verifyDomain}>
        <input name="domain" />
        <button type="submit">Verify</button>
      </form>
    </>
  );
}
