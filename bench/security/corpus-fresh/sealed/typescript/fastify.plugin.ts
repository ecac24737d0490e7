import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const PUBLIC_DIR = path.join(__dirname, '..', 'public');
const LOG_DIR = '/var/log/app';

export default fp(async (app: FastifyInstance) => {
  await app.register(fastifyStatic, { root: PUBLIC_DIR, serve: false });

  app.get('/public/:file', async (req: FastifyRequest<{ Params: { file: string } }>, reply) => {
    return reply.sendFile(req.params.file);
  });

  app.get('/logs', async (req: FastifyRequest<{ Querystring: { name: string } }>, reply) => {
    reply.type('text/plain');
    return reply.send(createReadStream(path.join(LOG_DIR, req.query.name)));
  });

  app.get('/greet', async (req: FastifyRequest<{ Querystring: { who?: string } }>, reply) => {
    reply.header('content-type', 'text/html; charset=utf-8');
    return `<h1>Hello ${req.query.who ?? 'world'}</h1>`;
  });

  app.get('/greet.json', async (req: FastifyRequest<{ Querystring: { who?: string } }>) => {
    return { greeting: `Hello ${req.query.who ?? 'world'}` };
  });
});
