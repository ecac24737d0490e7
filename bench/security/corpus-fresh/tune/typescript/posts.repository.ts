import { Prisma, PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export type PostRow = { id: number; title: string; published: boolean };

export async function postsByAuthor(author: string): Promise<PostRow[]> {
  return prisma.$queryRaw<PostRow[]>`SELECT id, title, published FROM "Post" WHERE author = ${author}`;
}

export async function postsByTag(tag: string): Promise<PostRow[]> {
  return prisma.$queryRawUnsafe<PostRow[]>(`SELECT id, title, published FROM "Post" WHERE '${tag}' = ANY(tags)`);
}

export async function postsSorted(column: string, limit: number): Promise<PostRow[]> {
  const query = `SELECT id, title, published FROM "Post" ORDER BY ${column} LIMIT ${limit}`;
  return prisma.$queryRawUnsafe<PostRow[]>(query);
}

export async function unpublish(id: number): Promise<number> {
  return prisma.$executeRawUnsafe('UPDATE "Post" SET published = false WHERE id = $1', id);
}

export async function postsInCategories(ids: number[]): Promise<PostRow[]> {
  return prisma.$queryRaw<PostRow[]>(Prisma.sql`SELECT id, title, published FROM "Post" WHERE "categoryId" IN (${Prisma.join(ids)})`);
}

export async function countWhere(clause: string): Promise<number> {
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM "Post" WHERE ${Prisma.raw(clause)}`;
  return Number(rows[0].n);
}
