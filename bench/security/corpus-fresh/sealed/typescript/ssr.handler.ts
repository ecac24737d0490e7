import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import escapeHtml from 'escape-html';

const page = Handlebars.compile(`<!doctype html><html><body><nav>{{{nav}}}</nav><main>{{content}}</main></body></html>`);

function navFor(user: { name: string } | undefined, ref: string): string {
  const who = user ? `Signed in as ${escapeHtml(user.name)}` : '<a href="/login">Sign in</a>';
  return `${who} · <a href="${ref}">Back</a>`;
}

export function renderPage(req: Request, res: Response) {
  const ref = String(req.query.ref ?? '/');
  res.send(page({ nav: navFor(req.user as any, ref), content: 'Welcome' }));
}

export function renderPageEscaped(req: Request, res: Response) {
  const ref = encodeURI(String(req.query.ref ?? '/')).replace(/"/g, '%22');
  const nav = new Handlebars.SafeString(navFor(req.user as any, ref.startsWith('/') ? ref : '/'));
  res.send(page({ nav, content: 'Welcome' }));
}

export function errorPage(req: Request, res: Response) {
  res.status(404).send(`<p>Page ${escapeHtml(req.originalUrl)} not found</p>`);
}
