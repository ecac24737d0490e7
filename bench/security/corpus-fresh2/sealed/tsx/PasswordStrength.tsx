import { redirect } from 'next/navigation';
import { createAccount } from '@/lib/accounts';

const strongRule = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{12,128}$/;
const wordsRule = /^(\w+\s*)+$/;

async function register(formData: FormData) {
  'use server';
  const password = String(formData.get('password') ?? '');
  const phrase = String(formData.get('phrase') ?? '');
  if (!strongRule.test(password)) {
    return { error: 'password too weak' };
  }
  if (!wordsRule.test(phrase)) {
    return { error: 'letters and spaces only' };
  }
  await createAccount({ password, phrase });
  redirect('/welcome');
}

export default function RegisterPage() {
  return (
    <form action={register}>
      <input type="password" name="password" minLength={12} />
      <input name="phrase" />
      <button>Create account</button>
    </form>
  );
}
