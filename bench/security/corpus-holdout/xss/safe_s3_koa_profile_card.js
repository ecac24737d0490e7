const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router();

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

function renderCard(user) {
  return `<div class="card"><h2>${escapeHtml(user.name)}</h2><p>${escapeHtml(user.bio)}</p></div>`;
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
