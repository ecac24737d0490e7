const Koa = require('koa');
const fs = require('fs/promises');
const app = new Koa();

app.use(async (ctx) => {
  const file = `./public/${ctx.params.name || ctx.query.name}`;
  ctx.body = await fs.readFile(file);
});
