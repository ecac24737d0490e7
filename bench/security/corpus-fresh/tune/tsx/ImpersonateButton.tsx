import jwt from 'jsonwebtoken';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';

const IMPERSONATION_SECRET = 'imp3rs0nat3-s1gning-k3y-2024';

async function currentAdmin() {
  const token = cookies().get('session')?.value ?? '';
  return jwt.verify(token, process.env.SESSION_SECRET!, { algorithms: ['HS256'] }) as { sub: string; admin: boolean };
}

export default async function ImpersonateButton({ userId }: { userId: string }) {
  async function impersonate() {
    'use server';
    const admin = await currentAdmin();
    if (!admin.admin) throw new Error('forbidden');
    const token = jwt.sign({ sub: userId, impersonatedBy: admin.sub }, IMPERSONATION_SECRET, { expiresIn: '15m' });
    cookies().set('impersonation', token, { httpOnly: true, secure: true, sameSite: 'strict' });
    redirect(`/users/${encodeURIComponent(userId)}`);
  }

  return (
    <form action={impersonate}>
      <button type="submit">Impersonate</button>
    </form>
  );
}
