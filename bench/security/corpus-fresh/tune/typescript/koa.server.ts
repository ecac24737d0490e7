import Koa, { Context } from 'koa';
import Router from '@koa/router';
import send from 'koa-send';
import path from 'node:path';
import fs from 'node:fs/promises';

const app = new Koa();
const router = new Router();
const ASSETS = path.join(__dirname, 'assets');

router.get('/assets/:file', async (ctx: Context) => {
  await send(ctx, ctx.params.file, { root: ASSETS });
});

router.get('/themes/:theme/:file', async (ctx: Context) => {
  const file = path.join(ASSETS, 'themes', ctx.params.theme, ctx.params.file);
  ctx.type = path.extname(file);
  ctx.body = await fs.readFile(file);
});

router.get('/hello/:name', (ctx: Context) => {
  ctx.type = 'text/html';
  ctx.body = `<p>Hi ${ctx.params.name}</p>`;
});

router.get('/back', (ctx: Context) => {
  const ref = ctx.get('Referrer');
  ctx.redirect(ref || '/');
});

router.get('/home', (ctx: Context) => {
  ctx.redirect('/dashboard');
});

app.use(router.routes());
app.listen(3001, '127.0.0.1');
