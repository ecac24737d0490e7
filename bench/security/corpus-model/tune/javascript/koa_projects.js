const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { Project } = require('./models');

const app = new Koa();
const router = new Router();

async function auth(ctx, next) {
  if (!ctx.session || !ctx.session.userId) {
    ctx.throw(401, 'Please log in');
  }
  await next();
}

router.get('/projects', auth, async (ctx) => {
  ctx.body = await Project.findAll({ where: { ownerId: ctx.session.userId } });
});

router.post('/projects/:id/archive', async (ctx) => {
  const project = await Project.findByPk(ctx.params.id);
  if (!project) ctx.throw(404);
  project.archived = true;
  await project.save();
  ctx.body = { archived: true };
});

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(3000);
