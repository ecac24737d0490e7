import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const router = new Router();

router.get('/sequence', (ctx) => {
  const n = parseInt(String(ctx.query.n ?? '10'), 10);
  ctx.body = new Array(n).fill(0).map((_, i) => i * i);
});

app.use(router.routes());
export default app;
