const Koa = require('koa');
const knex = require('knex')({ client: 'pg' });

const app = new Koa();

app.use(async (ctx) => {
  const name = ctx.query.name;
  const rows = await knex.raw("SELECT * FROM users WHERE name = '" + name + "'");
  ctx.body = rows;
});
