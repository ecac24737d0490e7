import type { NextFunction, Request, Response } from 'express';

const APP_ORIGIN = process.env.APP_ORIGIN ?? 'https://app.example.com';

export function legacyRedirect(req: Request, res: Response, next: NextFunction) {
  const target = req.query.next as string | undefined;
  if (req.path === '/go' && target) {
    res.statusCode = 302;
    res.setHeader('Location', target);
    res.end();
    return;
  }
  next();
}

export function checkedRedirect(req: Request, res: Response) {
  const raw = String(req.query.next ?? '/');
  let dest: URL;
  try {
    dest = new URL(raw, APP_ORIGIN);
  } catch {
    dest = new URL('/', APP_ORIGIN);
  }
  if (dest.origin !== APP_ORIGIN) dest = new URL('/', APP_ORIGIN);
  res.setHeader('Location', dest.toString());
  res.status(302).end();
}

export function trailingSlash(req: Request, res: Response, next: NextFunction) {
  if (req.path.length > 1 && req.path.endsWith('/')) {
    return res.redirect(301, req.path.slice(0, -1));
  }
  next();
}
