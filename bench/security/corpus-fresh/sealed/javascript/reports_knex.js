const knex = require('knex')({ client: 'mysql2', connection: process.env.MYSQL_URL });

const SORT_COLUMNS = { date: 'created_at', amount: 'amount', name: 'customer_name' };

async function salesReport({ sort = 'date', dir = 'desc', region }) {
  const column = SORT_COLUMNS[sort] || 'created_at';
  const direction = dir === 'asc' ? 'asc' : 'desc';
  return knex('sales')
    .where('region', region)
    .orderBy(column, direction);
}

async function salesReportCustom({ orderClause, region }) {
  return knex('sales')
    .where('region', region)
    .orderByRaw(orderClause);
}

async function topCustomers(limit, since) {
  return knex.raw(
    `SELECT customer_name, SUM(amount) total FROM sales WHERE created_at > '${since}' GROUP BY customer_name ORDER BY total DESC LIMIT ${limit}`,
  );
}

async function salesByMonth(year) {
  return knex.raw('SELECT MONTH(created_at) m, SUM(amount) total FROM sales WHERE YEAR(created_at) = ? GROUP BY m', [year]);
}

module.exports = { salesReport, salesReportCustom, topCustomers, salesByMonth };
