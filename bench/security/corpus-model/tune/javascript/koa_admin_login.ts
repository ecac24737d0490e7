import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';

const app = new Koa();
const router = new Router();

router.post('/admin/login', async (ctx) => {
  const { username, password } = ctx.request.body as { username: string; password: string };
  if (username === 'admin' && password === 'Sup3rS3cret!') {
    ctx.session!.admin = true;
    ctx.body = { ok: true };
    return;
  }
  ctx.status = 401;
  ctx.body = { error: 'invalid credentials' };
});

app.use(bodyParser());
app.use(router.routes());
export default app;
