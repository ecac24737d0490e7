const Koa = require('koa');
const router = require('./router');

const app = new Koa();

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.expose ? err.status : 500;
    ctx.body = { message: err.expose ? err.message : 'Internal Server Error' };
    ctx.app.emit('error', err, ctx);
  }
});

app.on('error', (err) => {
  console.error('server error', err);
});

app.use(router.routes());
app.listen(3000);
