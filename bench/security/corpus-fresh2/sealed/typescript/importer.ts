import { parseXml } from 'libxmljs2';
import { DOMParser } from '@xmldom/xmldom';
import type { FastifyInstance } from 'fastify';

export default async function importer(app: FastifyInstance) {
  app.addContentTypeParser('application/xml', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post('/import/invoices', async (request) => {
    const doc = parseXml(request.body as string, { noent: true });
    return doc.find('//invoice').length;
  });

  app.post('/import/invoices/v2', async (request) => {
    const doc = parseXml(request.body as string);
    return doc.find('//invoice').length;
  });

  app.post('/import/contacts', async (request) => {
    const doc = new DOMParser().parseFromString(request.body as string, 'text/xml');
    return doc.getElementsByTagName('contact').length;
  });
}
