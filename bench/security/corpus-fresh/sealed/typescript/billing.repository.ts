import { Prisma, PrismaClient } from '@prisma/client';

export class BillingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async markPaid(invoiceIds: string[]): Promise<number> {
    const list = invoiceIds.map((id) => `'${id}'`).join(',');
    return this.prisma.$executeRawUnsafe(`UPDATE "Invoice" SET status = 'PAID' WHERE id IN (${list})`);
  }

  async markVoid(invoiceId: string): Promise<number> {
    return this.prisma.$executeRaw`UPDATE "Invoice" SET status = 'VOID' WHERE id = ${invoiceId}`;
  }

  async totals(accountId: string, groupBy: 'month' | 'quarter') {
    const bucket = groupBy === 'quarter' ? Prisma.sql`date_trunc('quarter', "issuedAt")` : Prisma.sql`date_trunc('month', "issuedAt")`;
    return this.prisma.$queryRaw(Prisma.sql`SELECT ${bucket} AS period, SUM(amount) FROM "Invoice" WHERE "accountId" = ${accountId} GROUP BY 1`);
  }

  async search(term: string) {
    return this.prisma.$queryRawUnsafe(`SELECT id, number FROM "Invoice" WHERE number LIKE $1`, `%${term}%`);
  }

  async byCustomer(customer: string) {
    return this.prisma.$queryRawUnsafe(`SELECT id, number FROM "Invoice" WHERE customer = '` + customer + `'`);
  }
}
