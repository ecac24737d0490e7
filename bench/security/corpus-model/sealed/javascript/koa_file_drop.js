const Koa = require('koa');
const Router = require('@koa/router');
const { koaBody } = require('koa-body');
const fs = require('fs/promises');
const path = require('path');

const app = new Koa();
const router = new Router();
const DROP_DIR = path.join(__dirname, 'public', 'drop');

router.post('/drop', koaBody({ multipart: true }), async (ctx) => {
  const file = ctx.request.files.file;
  const target = path.join(DROP_DIR, file.originalFilename);
  await fs.rename(file.filepath, target);
  ctx.body = { url: `/drop/${file.originalFilename}` };
});

app.use(router.routes());
app.listen(3000);
