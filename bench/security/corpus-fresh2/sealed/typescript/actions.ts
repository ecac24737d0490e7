'use server';

import { redirect } from 'next/navigation';
import { revalidatePath } from 'next/cache';
import { prisma } from '@/lib/db';

export async function saveBookmark(formData: FormData) {
  const url = String(formData.get('url') ?? '');
  const page = await fetch(url, { cache: 'no-store' });
  const title = (await page.text()).match(/<title>(.*?)<\/title>/i)?.[1] ?? url;
  await prisma.bookmark.create({ data: { url, title } });
  revalidatePath('/bookmarks');
}

export async function renameFolder(formData: FormData) {
  const id = Number(formData.get('id'));
  const name = String(formData.get('name'));
  await prisma.$executeRawUnsafe(`UPDATE folders SET name = '${name}' WHERE id = ${id}`);
  revalidatePath('/bookmarks');
}

export async function finish(formData: FormData) {
  const returnTo = String(formData.get('returnTo') ?? '/');
  redirect(returnTo);
}

export async function finishLocal(formData: FormData) {
  const returnTo = String(formData.get('returnTo') ?? '/');
  const allowed = ['/bookmarks', '/folders', '/settings'];
  redirect(allowed.includes(returnTo) ? returnTo : '/bookmarks');
}

export async function favicon(formData: FormData) {
  const domain = String(formData.get('domain'));
  const res = await fetch(`https://icons.example.net/v1/icon?domain=${encodeURIComponent(domain)}`);
  return res.ok;
}
