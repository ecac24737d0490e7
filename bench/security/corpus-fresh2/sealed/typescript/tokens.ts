import jwt, { JwtPayload } from 'jsonwebtoken';
import { Request, Response, NextFunction } from 'express';

const ISSUER = 'https://login.example.com';
const keys: Record<string, string> = JSON.parse(process.env.JWT_KEYS ?? '{}');

export function authenticate(req: Request, res: Response, next: NextFunction) {
  const token = req.cookies?.session ?? '';
  const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString() || '{}');
  try {
    const claims = jwt.verify(token, keys[header.kid] ?? '', { algorithms: [header.alg] }) as JwtPayload;
    res.locals.user = claims.sub;
    next();
  } catch {
    res.status(401).end();
  }
}

export function authenticateStrict(req: Request, res: Response, next: NextFunction) {
  const token = req.cookies?.session ?? '';
  try {
    const claims = jwt.verify(token, keys.primary, { algorithms: ['HS512'], issuer: ISSUER }) as JwtPayload;
    res.locals.user = claims.sub;
    next();
  } catch {
    res.status(401).end();
  }
}

export function impersonationTarget(req: Request): string | undefined {
  const payload = jwt.decode(String(req.headers['x-impersonate'] ?? '')) as JwtPayload | null;
  return payload?.sub;
}

export function issue(userId: string): string {
  return jwt.sign({ sub: userId }, 'dev-secret-1234567890', { algorithm: 'HS256', issuer: ISSUER });
}
