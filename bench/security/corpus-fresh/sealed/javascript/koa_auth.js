const Koa = require('koa');
const Router = require('@koa/router');
const session = require('koa-session');

const app = new Koa();
app.keys = [process.env.COOKIE_KEY];
const router = new Router();

const ALLOWED_RETURN = ['/', '/account', '/orders', '/settings'];

router.get('/auth/done', (ctx) => {
  ctx.status = 302;
  ctx.set('Location', ctx.query.return_url || '/');
});

router.get('/auth/finish', (ctx) => {
  const to = ALLOWED_RETURN.includes(ctx.query.to) ? ctx.query.to : '/';
  ctx.redirect(to);
});

router.get('/auth/sso', (ctx) => {
  const dest = decodeURIComponent(ctx.query.dest || '/');
  ctx.redirect(dest.startsWith('/') ? dest : '/');
});

router.post('/auth/login', async (ctx) => {
  const token = await issueToken(ctx.request.body);
  ctx.cookies.set('auth', token, { httpOnly: false, signed: true });
  ctx.cookies.set('ui_density', 'compact', { httpOnly: false, sameSite: 'lax' });
  ctx.body = { ok: true };
});

async function issueToken() {
  return 'tkn';
}

app.use(session(app));
app.use(router.routes());
module.exports = app;
