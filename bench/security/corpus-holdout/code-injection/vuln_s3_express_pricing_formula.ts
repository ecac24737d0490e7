import express, { Request, Response } from 'express';

const app = express();
app.use(express.json());

interface PricingRule {
  formula: string;
  variables: Record<string, number>;
}

function evaluateFormula(rule: PricingRule): number {
  const bindings = Object.entries(rule.variables ?? {})
    .map(([name, value]) => `const ${name} = ${Number(value)};`)
    .join(' ');
  return eval(`${bindings} (${rule.formula})`);
}

app.post('/pricing/preview', (req: Request, res: Response) => {
  const rule = req.body as PricingRule;
  if (typeof rule.formula !== 'string') {
    return res.status(400).json({ error: 'formula must be a string' });
  }
  res.json({ price: evaluateFormula(rule) });
});

export default app;
