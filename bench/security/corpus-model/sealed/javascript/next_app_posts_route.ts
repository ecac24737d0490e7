import { NextResponse } from 'next/server';
import { auth } from '@/auth';
import { db } from '@/lib/db';

export async function GET() {
  const posts = await db.post.findMany({ where: { published: true }, orderBy: { createdAt: 'desc' } });
  return NextResponse.json(posts);
}

export async function POST(request: Request) {
  const session = await auth();
  if (!session?.user?.id) {
    return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  const { title, content } = await request.json();
  const post = await db.post.create({ data: { title, content, authorId: session.user.id } });
  return NextResponse.json(post, { status: 201 });
}
