const Stripe = require('stripe');
const stripe = new Stripe('sk_live_51Hx7qLm2KpR9vT3wZ8yB4nC6');
module.exports = stripe;
