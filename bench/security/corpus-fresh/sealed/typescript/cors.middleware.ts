import type { NextFunction, Request, Response } from 'express';

const TRUSTED = new Set((process.env.TRUSTED_ORIGINS ?? 'https://app.example.com').split(','));

export function corsForPartners(req: Request, res: Response, next: NextFunction) {
  const origin = req.header('Origin');
  if (origin && (origin.endsWith('.example.com') || origin === 'null')) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  next();
}

export function corsStrict(req: Request, res: Response, next: NextFunction) {
  const origin = req.header('Origin');
  if (origin && TRUSTED.has(origin)) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
  }
  next();
}

export function corsPublicAssets(_req: Request, res: Response, next: NextFunction) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  next();
}
