import Link from 'next/link';
import { redirect } from 'next/navigation';
import { cookies } from 'next/headers';

type User = { id: string; name: string; avatarUrl?: string };

export default async function AccountMenu({ user }: { user: User }) {
  async function signOut() {
    'use server';
    cookies().delete('session');
    redirect('/signed-out');
  }

  return (
    <nav>
      <Link href={`/users/${encodeURIComponent(user.id)}`}>{user.name}</Link>
      <a href="https://help.example.com/account" target="_blank" rel="noopener noreferrer">
        Help
      </a>
      <form action={signOut}>
        <button type="submit">Sign out</button>
      </form>
    </nav>
  );
}
