import Koa from 'koa';
import Router from '@koa/router';

const app = new Koa();
const router = new Router();

router.get('/login/done', async (ctx) => {
  const next = String(ctx.query.next ?? '/');
  if (next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    ctx.redirect(next);
    return;
  }
  ctx.redirect('/');
});

app.use(router.routes());
export default app;
