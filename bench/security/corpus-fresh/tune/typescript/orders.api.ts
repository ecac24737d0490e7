import express, { Request, Response, NextFunction } from 'express';
import { Knex } from 'knex';
import { db } from './db';

export const ordersRouter = express.Router();

type OrderQuery = { status?: string; customer?: string; from?: string; to?: string };

function applyFilters(q: Knex.QueryBuilder, f: OrderQuery): Knex.QueryBuilder {
  if (f.status) q = q.where('status', f.status);
  if (f.customer) q = q.whereRaw(`customer_name = '${f.customer}'`);
  if (f.from && f.to) q = q.whereBetween('created_at', [f.from, f.to]);
  return q;
}

ordersRouter.get('/', async (req: Request<{}, {}, {}, OrderQuery>, res: Response, next: NextFunction) => {
  try {
    const rows = await applyFilters(db('orders').select('id', 'total', 'status'), req.query);
    res.json(rows);
  } catch (err) {
    next(err);
  }
});

ordersRouter.get('/:id/lines', async (req: Request<{ id: string }>, res: Response) => {
  const lines = await db.raw('SELECT sku, qty, price FROM order_lines WHERE order_id = :id', { id: req.params.id });
  res.json(lines.rows);
});

ordersRouter.get('/export/:table', async (req: Request<{ table: string }>, res: Response) => {
  const rows = await db.raw(`SELECT * FROM ${req.params.table} LIMIT 1000`);
  res.json(rows.rows);
});
