import knex from 'knex';

const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
});

export async function ordersByStatus(status) {
  return db('orders').where({ status }).select('id', 'total');
}

export async function ordersByCustomerName(name) {
  return db.raw(`SELECT o.id, o.total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = '${name}'`);
}

export async function ordersInRange(from, to) {
  return db.raw('SELECT id, total FROM orders WHERE created_at BETWEEN ? AND ?', [from, to]);
}

export async function ordersMatching(filter) {
  return db('orders')
    .select('id', 'total')
    .whereRaw(`notes ILIKE '%${filter}%'`);
}

export async function ordersTotalsBy(column) {
  return db('orders').select(db.raw('??, SUM(total) AS sum', [column])).groupBy(column);
}
