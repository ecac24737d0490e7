import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';

interface Claims {
  sub: string;
  role: 'user' | 'admin';
}

@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly secret = process.env.JWT_SECRET as string;

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest();
    const header: string = req.headers['authorization'] ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    try {
      req.user = jwt.verify(token, this.secret, { algorithms: ['HS256'], audience: 'web' }) as Claims;
      return true;
    } catch {
      throw new UnauthorizedException();
    }
  }
}

@Injectable()
export class AdminGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest();
    const token: string = req.cookies?.admin_token ?? '';
    const claims = jwt.decode(token) as Claims | null;
    return claims?.role === 'admin';
  }
}

export function signServiceToken(service: string): string {
  return jwt.sign({ sub: service }, '', { algorithm: 'none' });
}

export function signUserToken(userId: string): string {
  return jwt.sign({ sub: userId, role: 'user' }, process.env.JWT_SECRET as string, { algorithm: 'HS256', expiresIn: '1h' });
}
