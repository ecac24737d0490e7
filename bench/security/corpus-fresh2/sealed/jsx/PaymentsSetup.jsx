import React from 'react';
import { loadStripe } from '@stripe/stripe-js';

const STRIPE_SECRET = 'sk_live_4eC39HqLyjWDarjtT1zdp7dcEXAMPLE';
const stripePromise = loadStripe(process.env.REACT_APP_STRIPE_PUBLISHABLE_KEY);

async function refund(chargeId) {
  return fetch('https://api.stripe.com/v1/refunds', {
    method: 'POST',
    headers: { Authorization: `Bearer ${STRIPE_SECRET}` },
    body: new URLSearchParams({ charge: chargeId }),
  });
}

export default function PaymentsSetup({ chargeId }) {
  return (
    <div>
      <button onClick={() => refund(chargeId)}>Refund</button>
      <span>{stripePromise ? 'ready' : 'loading'}</span>
    </div>
  );
}
