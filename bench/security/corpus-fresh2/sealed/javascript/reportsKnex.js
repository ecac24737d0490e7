const knex = require('knex')({ client: 'pg', connection: process.env.PG_URL });

async function revenueByRegion(req, res) {
  const region = req.query.region;
  const rows = await knex.raw(`SELECT sum(amount) AS total FROM sales WHERE region = '${region}'`);
  res.json(rows.rows);
}

async function revenueByRep(req, res) {
  const rows = await knex.raw('SELECT sum(amount) AS total FROM sales WHERE rep_id = ?', [req.query.rep]);
  res.json(rows.rows);
}

async function topProducts(req, res) {
  const limit = parseInt(req.query.limit, 10) || 10;
  const rows = await knex('sales').select('product').sum('amount as total').groupBy('product').orderBy('total', 'desc').limit(limit);
  res.json(rows);
}

async function salesSince(req, res) {
  const rows = await knex('sales').whereRaw(`created_at > '${req.query.since}'`);
  res.json(rows);
}

async function salesByChannel(req, res) {
  const rows = await knex('sales').whereRaw('channel = ?', [req.query.channel]);
  res.json(rows);
}

async function columnTotals(req, res) {
  const rows = await knex('sales').select(knex.raw(`sum(${req.query.col}) as total`));
  res.json(rows);
}

module.exports = { revenueByRegion, revenueByRep, topProducts, salesSince, salesByChannel, columnTotals };
