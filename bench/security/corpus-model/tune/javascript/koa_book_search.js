const Koa = require('koa');
const Router = require('@koa/router');
const sqlite3 = require('sqlite3');
const { open } = require('sqlite');

const app = new Koa();
const router = new Router();
const dbPromise = open({ filename: './books.db', driver: sqlite3.Database });

router.get('/books', async (ctx) => {
  const title = ctx.query.title || '';
  const db = await dbPromise;
  const books = await db.all(`SELECT id, title, author FROM books WHERE title LIKE '%${title}%'`);
  ctx.body = books;
});

app.use(router.routes());
app.listen(3000);
