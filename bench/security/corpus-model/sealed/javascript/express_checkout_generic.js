const express = require('express');
const { createCheckout } = require('./payments');

const app = express();
app.use(express.json());

app.post('/checkout', async (req, res) => {
  try {
    const checkout = await createCheckout(req.body.cartId);
    res.json({ url: checkout.url });
  } catch (err) {
    req.log?.error(err);
    res.status(500).json({ error: 'Something went wrong. Please try again.' });
  }
});

module.exports = app;
