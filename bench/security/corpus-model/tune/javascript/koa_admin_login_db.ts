import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import bcrypt from 'bcryptjs';
import { Admin } from './models';

const app = new Koa();
const router = new Router();

router.post('/admin/login', async (ctx) => {
  const { username, password } = ctx.request.body as { username: string; password: string };
  const admin = await Admin.findOne({ where: { username } });
  if (admin && (await bcrypt.compare(password, admin.passwordHash))) {
    ctx.session!.adminId = admin.id;
    ctx.body = { ok: true };
    return;
  }
  ctx.status = 401;
  ctx.body = { error: 'invalid credentials' };
});

app.use(bodyParser());
app.use(router.routes());
export default app;
