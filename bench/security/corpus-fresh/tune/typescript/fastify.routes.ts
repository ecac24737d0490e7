import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, Static } from '@sinclair/typebox';
import { execFile, exec } from 'node:child_process';

const ConvertBody = Type.Object({
  url: Type.String({ format: 'uri' }),
  format: Type.Union([Type.Literal('pdf'), Type.Literal('png')]),
});
type ConvertBodyT = Static<typeof ConvertBody>;

export default async function routes(app: FastifyInstance) {
  app.post<{ Body: ConvertBodyT }>('/convert', { schema: { body: ConvertBody } }, async (req, reply) => {
    execFile('wkhtmltoimage', ['--format', req.body.format, '--', req.body.url, '-'], (err, stdout) => {
      if (err) return reply.code(500).send();
      reply.type(`image/${req.body.format}`).send(stdout);
    });
    return reply;
  });

  app.get('/whois/:domain', async (req: FastifyRequest<{ Params: { domain: string } }>, reply: FastifyReply) => {
    exec(`whois ${req.params.domain}`, (err, stdout) => {
      reply.type('text/plain').send(err ? 'lookup failed' : stdout);
    });
    return reply;
  });

  app.get('/login/return', async (req: FastifyRequest<{ Querystring: { to?: string } }>, reply) => {
    const to = req.query.to ?? '/';
    return reply.redirect(to);
  });

  app.get('/profile/:id', async (req: FastifyRequest<{ Params: { id: string } }>, reply) => {
    return reply.redirect(`/users/${encodeURIComponent(req.params.id)}`);
  });
}
