import Koa from 'koa';
import Router from '@koa/router';
import fs from 'node:fs';
import path from 'node:path';

const router = new Router();
const SHARE_ROOT = '/srv/share';

router.get('/share/file', async (ctx) => {
  const rel = String(ctx.query.path ?? '');
  ctx.body = fs.createReadStream(path.join(SHARE_ROOT, rel));
});

router.get('/share/flat', async (ctx) => {
  const name = path.basename(String(ctx.query.name ?? ''));
  ctx.body = fs.createReadStream(path.join(SHARE_ROOT, 'flat', name));
});

router.get('/share/checked', async (ctx) => {
  const resolved = path.resolve(SHARE_ROOT, String(ctx.query.path ?? ''));
  if (!resolved.startsWith(SHARE_ROOT)) {
    ctx.throw(403);
  }
  ctx.body = fs.createReadStream(resolved);
});

router.get('/share/checked2', async (ctx) => {
  const resolved = path.resolve(SHARE_ROOT, String(ctx.query.path ?? ''));
  const rel = path.relative(SHARE_ROOT, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    ctx.throw(403);
  }
  ctx.body = await fs.promises.readFile(resolved);
});

router.put('/share/upload/:name', async (ctx) => {
  const dest = `${SHARE_ROOT}/uploads/${ctx.params.name}`;
  await fs.promises.writeFile(dest, ctx.request.rawBody);
  ctx.status = 201;
});

export default new Koa().use(router.routes());
