const Koa = require('koa');
const router = require('./router');

const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { message: err.message, stack: err.stack };
  }
});

app.use(router.routes());
app.listen(3000);
