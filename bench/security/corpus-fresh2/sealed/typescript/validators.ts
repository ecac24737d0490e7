import type { Request, Response } from 'express';
import escapeRegExp from 'lodash/escapeRegExp';

const USERNAME = /^[a-z][a-z0-9_]{2,31}$/;
const PATHLIKE = /^(\/[a-z0-9]+)*\/?$/;
const REPEATED = /^(a|aa)+$/;
const DOMAIN = /^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$/;

export function validateUsername(req: Request, res: Response) {
  res.json({ ok: USERNAME.test(String(req.body.username)), path: PATHLIKE.test(String(req.body.path)) });
}

export function validateCode(req: Request, res: Response) {
  res.json({ ok: REPEATED.test(String(req.body.code)) });
}

export function highlight(req: Request, res: Response) {
  const term = String(req.query.term ?? '');
  const rx = new RegExp(`(${term})`, 'gi');
  res.json({ html: String(req.query.text ?? '').replace(rx, '<mark>$1</mark>') });
}

export function highlightLiteral(req: Request, res: Response) {
  const rx = new RegExp(`(${escapeRegExp(String(req.query.term ?? ''))})`, 'gi');
  res.json({ hits: String(req.query.text ?? '').match(rx)?.length ?? 0 });
}

export function checkDomain(req: Request, res: Response) {
  res.json({ ok: DOMAIN.test(String(req.query.d ?? '').slice(0, 253)) });
}
