const express = require('express');
const pino = require('pino');
const { redeem } = require('./coupons');

const logger = pino();
const app = express();
app.use(express.json());

app.post('/coupons/redeem', async (req, res) => {
  const ok = await redeem(req.user, req.body.code);
  if (!ok) {
    logger.warn(`Invalid coupon ${req.body.code} used`);
    return res.status(400).json({ error: 'invalid coupon' });
  }
  res.json({ redeemed: true });
});

module.exports = app;
