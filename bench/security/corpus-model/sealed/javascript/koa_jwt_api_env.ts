import Koa from 'koa';
import Router from '@koa/router';
import jwt from 'koa-jwt';

const secret = process.env.JWT_SECRET;
if (!secret) throw new Error('JWT_SECRET must be set');

const app = new Koa();
const router = new Router();

router.get('/api/profile', (ctx) => {
  ctx.body = { user: ctx.state.user };
});

app.use(jwt({ secret }));
app.use(router.routes());
export default app;
