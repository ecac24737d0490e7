import Koa from 'koa';
import Router from '@koa/router';
import { koaBody } from 'koa-body';
import { randomUUID } from 'crypto';
import fs from 'fs/promises';
import path from 'path';

const app = new Koa();
const router = new Router();
const RECEIPT_DIR = '/srv/receipts';
const ALLOWED_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

router.post('/receipts', koaBody({ multipart: true, formidable: { maxFileSize: 8 * 1024 * 1024 } }), async (ctx) => {
  const file = ctx.request.files?.receipt;
  if (!file || Array.isArray(file)) ctx.throw(400, 'one receipt file expected');
  if (!ALLOWED_TYPES.has(file.mimetype ?? '')) ctx.throw(415, 'unsupported file type');
  const ext = file.mimetype === 'application/pdf' ? '.pdf' : file.mimetype === 'image/png' ? '.png' : '.jpg';
  const name = `${randomUUID()}${ext}`;
  await fs.copyFile(file.filepath, path.join(RECEIPT_DIR, name));
  ctx.body = { id: name };
});

app.use(router.routes());
export default app;
