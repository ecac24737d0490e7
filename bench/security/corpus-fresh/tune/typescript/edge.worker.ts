import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';

type Bindings = { API_ORIGIN: string; DB: D1Database };

const app = new Hono<{ Bindings: Bindings }>();

app.get('/api/*', async (c) => {
  const url = new URL(c.req.url);
  const upstream = new URL(url.pathname + url.search, c.env.API_ORIGIN);
  return fetch(upstream.toString(), { headers: c.req.raw.headers });
});

app.get('/fetch', async (c) => {
  const target = c.req.query('target') ?? '';
  const r = await fetch(target);
  return new Response(r.body, r);
});

app.get('/notes/:id', async (c) => {
  const row = await c.env.DB.prepare('SELECT id, body FROM notes WHERE id = ?1').bind(c.req.param('id')).first();
  return c.json(row);
});

app.get('/notes/by-tag/:tag', async (c) => {
  const { results } = await c.env.DB.prepare(`SELECT id, body FROM notes WHERE tag = '${c.req.param('tag')}'`).all();
  return c.json(results);
});

app.post('/prefs', async (c) => {
  setCookie(c, 'prefs', await c.req.text(), { httpOnly: true, secure: true, sameSite: 'Lax' });
  return c.body(null, 204);
});

export default app;
