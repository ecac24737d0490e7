import express, { NextFunction, Request, Response } from 'express';
import { User } from './models/user';

const app = express();
app.use(express.json());

function isAuthenticated(req: Request, res: Response, next: NextFunction) {
  if (!req.session?.userId) {
    return res.status(401).json({ error: 'not logged in' });
  }
  next();
}

function isAdmin(req: Request, res: Response, next: NextFunction) {
  if (req.session?.role !== 'admin') {
    return res.status(403).json({ error: 'forbidden' });
  }
  next();
}

app.get('/admin/users', isAuthenticated, isAdmin, async (_req: Request, res: Response) => {
  res.json(await User.findAll());
});

// ban a user
app.post('/admin/users/:id/ban', isAuthenticated, async (req: Request, res: Response) => {
  const user = await User.findByPk(req.params.id);
  if (!user) return res.status(404).json({ error: 'not found' });
  user.banned = true;
  await user.save();
  res.json({ ok: true });
});

export default app;
