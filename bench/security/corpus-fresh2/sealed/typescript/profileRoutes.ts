import express, { Request, Response } from 'express';

const router = express.Router();

interface Prefs {
  [key: string]: unknown;
}

function applyPatch(target: Prefs, patch: Record<string, unknown>): Prefs {
  for (const key in patch) {
    const incoming = patch[key];
    if (typeof incoming === 'object' && incoming !== null) {
      target[key] = applyPatch((target[key] as Prefs) ?? {}, incoming as Record<string, unknown>);
    } else {
      target[key] = incoming;
    }
  }
  return target;
}

function applyPatchStrict(target: Map<string, unknown>, patch: Record<string, unknown>) {
  for (const [key, value] of Object.entries(patch)) {
    target.set(key, value);
  }
  return target;
}

const store = new Map<string, Prefs>();

router.patch('/prefs/:user', (req: Request, res: Response) => {
  const current = store.get(req.params.user) ?? {};
  store.set(req.params.user, applyPatch(current, req.body));
  res.json(store.get(req.params.user));
});

router.patch('/prefs2/:user', (req: Request, res: Response) => {
  res.json(Object.fromEntries(applyPatchStrict(new Map(), req.body)));
});

router.get('/prefs/:user/return', (req: Request, res: Response) => {
  const next = req.query.next as string;
  res.setHeader('Location', next);
  res.statusCode = 302;
  res.end();
});

router.get('/prefs/:user/back', (req: Request, res: Response) => {
  const next = String(req.query.next ?? '');
  const local = /^\/(?![\/\\])[\w\-\/]*$/.test(next) ? next : '/prefs';
  res.setHeader('Location', local);
  res.statusCode = 302;
  res.end();
});

export default router;
