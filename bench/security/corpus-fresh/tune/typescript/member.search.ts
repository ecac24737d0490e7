import { Request, Response, Router } from 'express';
import mongoose, { Schema } from 'mongoose';
import mongoSanitize from 'express-mongo-sanitize';

const Member = mongoose.model('Member', new Schema({ email: String, name: String, team: String, active: Boolean }));

export const membersRouter = Router();

membersRouter.get('/members', async (req: Request, res: Response) => {
  const members = await Member.find(req.query as Record<string, unknown>).limit(50).lean();
  res.json(members);
});

membersRouter.post('/members/lookup', async (req: Request, res: Response) => {
  const member = await Member.findOne({ email: req.body.email }).lean();
  res.json(member);
});

membersRouter.post('/members/lookup-v2', mongoSanitize(), async (req: Request, res: Response) => {
  const member = await Member.findOne({ email: { $eq: String(req.body.email) } }).lean();
  res.json(member);
});

membersRouter.get('/members/team/:team', async (req: Request, res: Response) => {
  const rows = await Member.find({ $where: `this.team == '${req.params.team}'` }).lean();
  res.json(rows);
});
