const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const escapeHtml = require('escape-html');

const app = new Koa();
const router = new Router();

router.get('/welcome', (ctx) => {
  const name = ctx.query.name || 'guest';
  ctx.type = 'html';
  ctx.body = `<main><h1>Welcome back, ${name}</h1></main>`;
});

router.get('/welcome/v2', (ctx) => {
  ctx.type = 'html';
  ctx.body = `<main><h1>Welcome back, ${escapeHtml(ctx.query.name || 'guest')}</h1></main>`;
});

router.get('/continue', (ctx) => {
  ctx.redirect(ctx.query.returnTo || '/');
});

router.get('/docs/:section', (ctx) => {
  ctx.redirect(`/documentation/${encodeURIComponent(ctx.params.section)}`);
});

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(process.env.PORT || 3000);
