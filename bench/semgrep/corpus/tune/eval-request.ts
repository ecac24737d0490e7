import type { Request, Response } from 'express';

export function run(req: Request, res: Response): void {
  // ruleid: eval-of-request-data
  const result = eval(String(req.query.code));
  // ok: eval-of-request-data
  const fixed = eval('2 * 21');
  res.json({ result, fixed });
}
