import got from 'got';
import express from 'express';

const router = express.Router();
const OEMBED_PROVIDERS = {
  youtube: 'https://www.youtube.com/oembed',
  vimeo: 'https://vimeo.com/api/oembed.json',
};

router.get('/unfurl', async (req, res) => {
  const body = await got(req.query.link, { timeout: { request: 4000 } }).text();
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1] ?? null;
  res.json({ title });
});

router.get('/oembed/:provider', async (req, res) => {
  const endpoint = OEMBED_PROVIDERS[req.params.provider];
  if (!endpoint || !Object.hasOwn(OEMBED_PROVIDERS, req.params.provider)) return res.sendStatus(404);
  const data = await got(endpoint, { searchParams: { url: req.query.url, format: 'json' } }).json();
  res.json(data);
});

router.post('/callbacks/test', async (req, res) => {
  const { callback } = req.body;
  const r = await fetch(new URL('/ping', callback), { method: 'POST' });
  res.json({ status: r.status });
});

export default router;
