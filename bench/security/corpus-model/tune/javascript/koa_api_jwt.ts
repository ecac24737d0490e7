import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import jwt from 'koa-jwt';
import { Invoice } from './models';

const app = new Koa();
const publicRouter = new Router();
const api = new Router({ prefix: '/api' });

publicRouter.get('/health', (ctx) => {
  ctx.body = { ok: true };
});

api.use(jwt({ secret: process.env.JWT_SECRET as string }));

api.get('/invoices', async (ctx) => {
  ctx.body = await Invoice.findAll({ where: { customerId: ctx.state.user.sub } });
});

api.post('/invoices/:id/pay', async (ctx) => {
  const invoice = await Invoice.findOne({ where: { id: ctx.params.id, customerId: ctx.state.user.sub } });
  if (!invoice) ctx.throw(404);
  await invoice.update({ status: 'paid' });
  ctx.body = invoice;
});

app.use(bodyParser());
app.use(publicRouter.routes());
app.use(api.routes());
export default app;
