import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const router = new Router();
const MAX_TERMS = 1000;

router.get('/sequence', (ctx) => {
  const n = parseInt(String(ctx.query.n ?? '10'), 10);
  if (Number.isNaN(n) || n < 0 || n > MAX_TERMS) {
    ctx.throw(400, `n must be between 0 and ${MAX_TERMS}`);
  }
  ctx.body = new Array(n).fill(0).map((_, i) => i * i);
});

app.use(router.routes());
export default app;
