const Koa = require('koa');
const Router = require('@koa/router');
const os = require('os');

const app = new Koa();
const router = new Router();

router.get('/healthz', (ctx) => {
  ctx.body = { status: 'ok' };
});

// diagnostics endpoint used while debugging deployments
router.get('/debug/config', (ctx) => {
  ctx.body = {
    hostname: os.hostname(),
    node: process.version,
    uptime: process.uptime(),
    env: process.env,
  };
});

app.use(router.routes());
app.listen(8080);
