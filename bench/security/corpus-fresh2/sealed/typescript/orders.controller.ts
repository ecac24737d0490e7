import { Controller, Get, Param, Query, Body, Post, Res } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Response } from 'express';
import { Order } from './order.entity';

const SORT_COLUMNS: Record<string, string> = { date: 'order.createdAt', total: 'order.total' };

@Controller('orders')
export class OrdersController {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    private readonly dataSource: DataSource,
  ) {}

  @Get('by-status')
  async byStatus(@Query('status') status: string) {
    return this.dataSource.query(`SELECT * FROM orders WHERE status = '${status}'`);
  }

  @Get('by-customer/:id')
  async byCustomer(@Param('id') id: string) {
    return this.dataSource.query('SELECT * FROM orders WHERE customer_id = $1', [id]);
  }

  @Get('search')
  async search(@Query('q') q: string, @Query('sort') sort = 'date') {
    const column = SORT_COLUMNS[sort] ?? 'order.createdAt';
    return this.orders
      .createQueryBuilder('order')
      .where('order.reference ILIKE :q', { q: `%${q}%` })
      .orderBy(column, 'DESC')
      .getMany();
  }

  @Get('by-coupon')
  async byCoupon(@Query('code') code: string) {
    return this.orders.createQueryBuilder('o').where(`o.couponCode = '${code}'`).getMany();
  }

  @Post('notes')
  async addNote(@Body() body: { orderId: number; note: string }, @Res() res: Response) {
    await this.dataSource.query(`UPDATE orders SET note = '${body.note}' WHERE id = $1`, [body.orderId]);
    res.status(204).end();
  }

  @Get('count')
  async count(@Query('region') region: string) {
    return this.orders.count({ where: { region } });
  }
}
