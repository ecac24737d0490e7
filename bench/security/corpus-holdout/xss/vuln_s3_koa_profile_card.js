const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();

function renderCard(user) {
  return `<div class="card"><h2>${user.name}</h2><p>${user.bio}</p></div>`;
}

router.get('/profile/preview', (ctx) => {
  const user = {
    name: ctx.query.name || 'Anonymous',
    bio: ctx.query.bio || '',
  };
  ctx.type = 'html';
  ctx.body = `<!doctype html><html><body>${renderCard(user)}</body></html>`;
});

app.use(router.routes());
module.exports = app;
