import Koa from 'koa';
import Router from '@koa/router';
import jwt from 'koa-jwt';

const app = new Koa();
const router = new Router();

router.get('/api/profile', (ctx) => {
  ctx.body = { user: ctx.state.user };
});

app.use(jwt({ secret: 'koa-shared-secret-2024' }));
app.use(router.routes());
export default app;
