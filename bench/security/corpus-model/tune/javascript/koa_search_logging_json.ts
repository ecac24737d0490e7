import Koa from 'koa';
import Router from '@koa/router';
import winston from 'winston';
import { searchCatalog } from './catalog';

const logger = winston.createLogger({
  format: winston.format.json(),
  transports: [new winston.transports.File({ filename: 'search.log' })],
});
const app = new Koa();
const router = new Router();

router.get('/search', async (ctx) => {
  const q = String(ctx.query.q ?? '');
  logger.info(`search query: ${JSON.stringify(q)}`);
  ctx.body = await searchCatalog(q);
});

app.use(router.routes());
export default app;
