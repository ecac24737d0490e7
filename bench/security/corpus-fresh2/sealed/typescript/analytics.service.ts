import { PrismaClient, Prisma } from '@prisma/client';

const prisma = new PrismaClient();

export async function visitsForPage(pagePath: string) {
  return prisma.$queryRawUnsafe(`SELECT count(*) FROM visits WHERE path = '${pagePath}'`);
}

export async function visitsForUser(userId: string) {
  return prisma.$queryRaw`SELECT count(*) FROM visits WHERE user_id = ${userId}`;
}

export async function visitsByCountry(country: string) {
  return prisma.$queryRawUnsafe('SELECT count(*) FROM visits WHERE country = $1', country);
}

export async function purgeBefore(dateIso: string) {
  const sql = 'DELETE FROM visits WHERE created_at < ' + "'" + dateIso + "'";
  return prisma.$executeRawUnsafe(sql);
}

export async function topReferrers(limit: number, domain: string) {
  const where = domain ? Prisma.sql`WHERE referrer_host = ${domain}` : Prisma.empty;
  return prisma.$queryRaw`SELECT referrer_host, count(*) FROM visits ${where} GROUP BY 1 LIMIT ${limit}`;
}

export async function columnStats(column: string) {
  return prisma.$queryRaw(Prisma.raw(`SELECT ${column}, count(*) FROM visits GROUP BY ${column}`));
}
