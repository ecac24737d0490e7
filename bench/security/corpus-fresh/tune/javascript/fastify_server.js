'use strict';

const fastify = require('fastify')({ logger: true });
const { Client } = require('pg');

const pg = new Client({ connectionString: process.env.DATABASE_URL });

fastify.get('/search', async (request, reply) => {
  const q = request.query.q || '';
  reply.type('text/html');
  return `<p>You searched for: ${q}</p>`;
});

fastify.get('/notes/:id', async (request) => {
  const { rows } = await pg.query('SELECT id, body FROM notes WHERE id = $1', [request.params.id]);
  return rows[0] ?? null;
});

fastify.get('/notes', async (request) => {
  const { rows } = await pg.query(`SELECT id, body FROM notes WHERE author = '${request.query.author}'`);
  return rows;
});

fastify.get('/go', async (request, reply) => {
  return reply.redirect(request.query.url);
});

const start = async () => {
  await pg.connect();
  await fastify.listen({ port: 8080, host: '0.0.0.0' });
};
start();
