const fastify = require('fastify')({ logger: true });
const axios = require('axios');

const WEATHER_BASE = 'https://api.weather.example.com/v2';

fastify.get('/proxy', async (request, reply) => {
  const res = await fetch(request.query.url);
  reply.type(res.headers.get('content-type') || 'text/plain');
  return res.text();
});

fastify.get('/weather/:city', async (request) => {
  const city = encodeURIComponent(request.params.city);
  const { data } = await axios.get(`${WEATHER_BASE}/current/${city}`, { params: { units: request.query.units } });
  return data;
});

fastify.post('/integrations/test', async (request) => {
  const { host, token } = request.body;
  const { status } = await axios.get(`https://${host}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return { status };
});

fastify.get('/avatar/:user', async (request, reply) => {
  const upstream = new URL(`/u/${encodeURIComponent(request.params.user)}.png`, 'https://avatars.example.com');
  const res = await fetch(upstream);
  reply.type('image/png');
  return Buffer.from(await res.arrayBuffer());
});

fastify.get('/unfurl', async (request) => {
  const link = new URL(request.query.link);
  if (link.protocol !== 'https:') throw new Error('https only');
  const res = await axios.get(link.toString(), { timeout: 3000 });
  return { title: /<title>([^<]*)<\/title>/.exec(res.data)?.[1] };
});

module.exports = fastify;
