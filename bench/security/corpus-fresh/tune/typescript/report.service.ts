import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository } from 'typeorm';
import { Invoice } from './invoice.entity';

export interface InvoiceSearch {
  customer?: string;
  minTotal?: number;
  sort?: 'issuedAt' | 'total';
  direction?: 'ASC' | 'DESC';
}

@Injectable()
export class ReportService {
  constructor(@InjectRepository(Invoice) private readonly invoices: Repository<Invoice>) {}

  search(params: InvoiceSearch) {
    const qb = this.invoices.createQueryBuilder('inv').leftJoinAndSelect('inv.customer', 'c');
    if (params.customer) {
      qb.andWhere('c.name ILIKE :name', { name: `%${params.customer}%` });
    }
    if (params.minTotal !== undefined) {
      qb.andWhere('inv.total >= :min', { min: params.minTotal });
    }
    const sort = params.sort === 'total' ? 'inv.total' : 'inv.issuedAt';
    return qb.orderBy(sort, params.direction === 'ASC' ? 'ASC' : 'DESC').getMany();
  }

  byReference(reference: string) {
    return this.invoices
      .createQueryBuilder('inv')
      .where(`inv.reference = '${reference}'`)
      .getOne();
  }

  overdue(region: string, days: string) {
    return this.invoices
      .createQueryBuilder('inv')
      .where('inv.paid = false')
      .andWhere(
        new Brackets((b) => {
          b.where(`inv.region = '${region}'`).orWhere(`inv.dueDate < now() - interval '${days} days'`);
        }),
      )
      .getMany();
  }
}
