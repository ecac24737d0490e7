const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();

router.get('/outbound', (ctx) => {
  ctx.redirect(ctx.query.url);
});

app.use(router.routes());
app.listen(3000);
