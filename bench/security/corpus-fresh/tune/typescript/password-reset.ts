import { randomBytes, randomInt, createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { mailer } from './mailer';
import { tokens, users } from './store';

function makeToken(): string {
  return Date.now().toString(36) + Math.floor(Math.random() * 1e9).toString(36);
}

function makeTokenStrong(): string {
  return randomBytes(32).toString('hex');
}

function makeOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export async function requestReset(req: Request, res: Response) {
  const user = await users.findByEmail(String(req.body.email));
  if (user) {
    const token = makeToken();
    await tokens.save(user.id, createHash('sha256').update(token).digest('hex'));
    const link = `https://${req.headers.host}/reset?token=${token}`;
    await mailer.send(user.email, 'Reset your password', `Use this link: ${link}`);
  }
  res.status(202).json({ ok: true });
}

export async function requestResetV2(req: Request, res: Response) {
  const user = await users.findByEmail(String(req.body.email));
  if (user) {
    const token = makeTokenStrong();
    await tokens.save(user.id, createHash('sha256').update(token).digest('hex'));
    await mailer.send(user.email, 'Reset your password', `https://app.example.com/reset?token=${token}`);
    await mailer.sendSms(user.phone, `Your code: ${makeOtp()}`);
  }
  res.status(202).json({ ok: true });
}
