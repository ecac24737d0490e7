import { useState } from 'react';
import { loadStripe } from '@stripe/stripe-js';
import { Elements, CardElement, useStripe, useElements } from '@stripe/react-stripe-js';

const STRIPE_PUBLISHABLE_KEY = 'pk_test_51Hx9ExampleQWERTYuiopASDFghjkl0123456789zxcvbnm';
const STRIPE_SECRET_KEY = 'sk_live_51Hx9ExampleMNBVCXzlkjhgfdsa9876543210poiuytrewq';

const stripePromise = loadStripe(STRIPE_PUBLISHABLE_KEY);

function CheckoutInner({ amount }) {
  const stripe = useStripe();
  const elements = useElements();
  const [status, setStatus] = useState('idle');

  async function handleSubmit(e) {
    e.preventDefault();
    setStatus('processing');
    const res = await fetch('https://api.stripe.com/v1/payment_intents', {
      method: 'POST',
      headers: { Authorization: `Bearer ${STRIPE_SECRET_KEY}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ amount: String(amount), currency: 'usd' }),
    });
    const intent = await res.json();
    const result = await stripe.confirmCardPayment(intent.client_secret, { payment_method: { card: elements.getElement(CardElement) } });
    setStatus(result.error ? 'failed' : 'paid');
  }

  return (
    <form onSubmit={handleSubmit}>
      <CardElement />
      <button disabled={!stripe || status === 'processing'}>Pay</button>
      {status === 'failed' && <p>Payment failed</p>}
    </form>
  );
}

export default function PaymentForm(props) {
  return (
    <Elements stripe={stripePromise}>
      <CheckoutInner {...props} />
    </Elements>
  );
}
