const Koa = require('koa');
const Router = require('@koa/router');
const mysql = require('mysql2/promise');

const app = new Koa();
const router = new Router();
const pool = mysql.createPool({ host: 'db', user: 'catalog', database: 'catalog', password: process.env.DB_PASS });

const ORDERABLE = new Set(['name', 'price', 'created_at']);

router.get('/products', async (ctx) => {
  const { category } = ctx.query;
  const [rows] = await pool.query(`SELECT id, name, price FROM products WHERE category = '${category}'`);
  ctx.body = rows;
});

router.get('/products/by-brand', async (ctx) => {
  const [rows] = await pool.execute('SELECT id, name FROM products WHERE brand = ?', [ctx.query.brand]);
  ctx.body = rows;
});

router.get('/products/sorted', async (ctx) => {
  const col = ctx.query.sort || 'name';
  const [rows] = await pool.query('SELECT id, name FROM products ORDER BY ' + col);
  ctx.body = rows;
});

router.get('/products/sorted-v2', async (ctx) => {
  const col = ORDERABLE.has(ctx.query.sort) ? ctx.query.sort : 'name';
  const [rows] = await pool.query(`SELECT id, name FROM products ORDER BY ${col}`);
  ctx.body = rows;
});

router.get('/products/search', async (ctx) => {
  const term = `%${ctx.query.q || ''}%`;
  const [rows] = await pool.query('SELECT id, name FROM products WHERE name LIKE ?', [term]);
  ctx.body = rows;
});

router.post('/products/:id/tags', async (ctx) => {
  const tags = ctx.request.body.tags.map((t) => `'${t}'`).join(',');
  await pool.query(`DELETE FROM product_tags WHERE product_id = ${Number(ctx.params.id)} AND tag NOT IN (${tags})`);
  ctx.status = 204;
});

app.use(router.routes());
module.exports = app;
