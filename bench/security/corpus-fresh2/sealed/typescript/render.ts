import nunjucks from 'nunjucks';
import Handlebars from 'handlebars';
import type { Request, Response } from 'express';

const strict = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: true });
const relaxed = new nunjucks.Environment(new nunjucks.FileSystemLoader('views'), { autoescape: false });

export function profilePage(req: Request, res: Response) {
  res.send(relaxed.render('profile.njk', { about: req.body.about }));
}

export function profilePageEscaped(req: Request, res: Response) {
  res.send(strict.render('profile.njk', { about: req.body.about }));
}

export function customGreeting(req: Request, res: Response) {
  res.send(nunjucks.renderString(req.body.greeting, { name: req.body.name }));
}

export function invoiceEmail(req: Request, res: Response) {
  const tpl = Handlebars.compile(String(req.query.layout ?? ''));
  res.send(tpl({ total: 10 }));
}

export function greetingFixed(req: Request, res: Response) {
  res.send(nunjucks.renderString('Hello {{ name }}', { name: req.query.name }));
}

export function nameHelper() {
  Handlebars.registerHelper('bold', (text: string) => new Handlebars.SafeString('<b>' + text + '</b>'));
  Handlebars.registerHelper('boldEsc', (text: string) => new Handlebars.SafeString('<b>' + Handlebars.escapeExpression(text) + '</b>'));
}
