const express = require('express');
const { ensureLoggedIn } = require('connect-ensure-login');
const Order = require('./models/order');

const router = express.Router();

router.get('/orders', ensureLoggedIn('/login'), async (req, res) => {
  const orders = await Order.find({ customer: req.user.id }).sort({ createdAt: -1 });
  res.render('orders', { orders });
});

router.post('/orders/:id/cancel', ensureLoggedIn('/login'), async (req, res) => {
  const order = await Order.findOne({ _id: req.params.id, customer: req.user.id });
  if (!order) return res.status(404).send('Order not found');
  order.status = 'cancelled';
  await order.save();
  res.redirect('/orders');
});

router.get('/login', (req, res) => res.render('login'));

module.exports = router;
