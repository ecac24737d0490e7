import type { Request } from 'express';

interface User {
  name: string;
}

export function read(req: Request) {
  // ruleid: request-body-as-any
  const loose = req.body as any;
  // ok: request-body-as-any
  const typed = req.body as User;
  // ruleid: request-body-as-any
  return [(req.body as any).admin, loose, typed];
}
