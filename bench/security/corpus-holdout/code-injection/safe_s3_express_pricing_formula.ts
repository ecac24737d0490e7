import express, { Request, Response } from 'express';

const app = express();
app.use(express.json());

type Operation = (base: number, amount: number) => number;

const OPERATIONS: Record<string, Operation> = {
  add: (base, amount) => base + amount,
  subtract: (base, amount) => base - amount,
  multiply: (base, amount) => base * amount,
  percentOff: (base, amount) => base * (1 - amount / 100),
};

app.post('/pricing/preview', (req: Request, res: Response) => {
  const { op, base, amount } = req.body;
  const operation = Object.prototype.hasOwnProperty.call(OPERATIONS, op) ? OPERATIONS[op] : undefined;
  const x = Number(base);
  const y = Number(amount);
  if (!operation || !Number.isFinite(x) || !Number.isFinite(y)) {
    return res.status(400).json({ error: 'invalid pricing rule' });
  }
  res.json({ price: operation(x, y) });
});

export default app;
