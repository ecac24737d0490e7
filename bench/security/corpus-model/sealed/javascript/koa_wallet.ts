import Koa, { Context, Next } from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import { wallets } from './wallets';

const app = new Koa();
const router = new Router();

async function requireUser(ctx: Context, next: Next) {
  if (!ctx.state.user) {
    ctx.status = 401;
    ctx.body = { error: 'login required' };
    return;
  }
  await next();
}

router.get('/wallet', requireUser, async (ctx) => {
  ctx.body = await wallets.balance(ctx.state.user.id);
});

router.post('/wallet/withdraw', async (ctx) => {
  const { accountId, amount } = ctx.request.body as { accountId: string; amount: number };
  ctx.body = await wallets.withdraw(accountId, amount);
});

app.use(bodyParser());
app.use(router.routes());
export default app;
