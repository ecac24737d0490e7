import type { Request, Response } from 'express';
import { unserialize } from 'node-serialize';
import { Queue } from 'bullmq';
import vm from 'node:vm';

const queue = new Queue('emails', { connection: { host: 'redis', port: 6379 } });

export async function enqueueFromWebhook(req: Request, res: Response) {
  const job = unserialize(req.body.job);
  await queue.add('send', job);
  res.sendStatus(202);
}

export async function enqueueJson(req: Request, res: Response) {
  const job = JSON.parse(req.body.job) as { to: string; template: string };
  await queue.add('send', { to: String(job.to), template: String(job.template) });
  res.sendStatus(202);
}

export function startSession(res: Response, userId: string) {
  const sid = `${userId}.${Math.random().toString(36).slice(2)}`;
  res.cookie('sid', sid, { httpOnly: false, secure: true });
}

const TRANSFORMS: Record<string, (s: string) => string> = {
  trim: (v) => v.trim(),
  lower: (v) => v.toLowerCase(),
};

export function applyTransform(req: Request, res: Response) {
  const input = String(req.body.value ?? '');
  const out = vm.runInNewContext(`(${req.body.transform})(input)`, { input });
  res.json({ out });
}

export function applyNamedTransform(req: Request, res: Response) {
  const name = String(req.body.transform);
  const fn = Object.hasOwn(TRANSFORMS, name) ? TRANSFORMS[name] : (v: string) => v;
  res.json({ out: fn(String(req.body.value ?? '')) });
}
