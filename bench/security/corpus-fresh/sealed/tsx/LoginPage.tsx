import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth';

export default function LoginPage({ searchParams }: { searchParams: { next?: string } }) {
  async function login(formData: FormData) {
    'use server';
    const session = await signIn(String(formData.get('email')), String(formData.get('password')));
    cookies().set('session', session.token, { httpOnly: false, secure: true, path: '/' });
    cookies().set('last_email', String(formData.get('email')), { httpOnly: true, secure: true, sameSite: 'lax' });
    const next = String(formData.get('next') || '/');
    redirect(next);
  }

  async function loginChecked(formData: FormData) {
    'use server';
    await signIn(String(formData.get('email')), String(formData.get('password')));
    const next = String(formData.get('next') || '/');
    redirect(/^\/[^/\\]/.test(next) ? next : '/');
  }

  return (
    <form action={login}>
      <input name="email" type="email" />
      <input name="password" type="password" />
      <input type="hidden" name="next" value={searchParams.next ?? '/'} />
      <button formAction={loginChecked}>Sign in</button>
    </form>
  );
}
