import React, { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';

export default function OrderTracking() {
  const { orderId } = useParams();
  const [order, setOrder] = useState(null);

  useEffect(() => {
    fetch(`/api/orders/${encodeURIComponent(orderId)}`).then((r) => r.json()).then(setOrder);
  }, [orderId]);

  if (!order) return <p>Loading…</p>;
  return (
    <div>
      <h2>Order {order.number}</h2>
      <a href={order.carrierTrackingUrl}>Track package</a>
      <p dangerouslySetInnerHTML={{ __html: order.deliveryNote }} />
      <p>{order.deliveryNote}</p>
      <a href={`https://track.example-carrier.com/?n=${encodeURIComponent(order.trackingNumber)}`}>Carrier</a>
    </div>
  );
}
