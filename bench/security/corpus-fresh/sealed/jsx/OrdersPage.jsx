import { getSession } from 'next-auth/react';
import db from '../lib/db';

export async function getServerSideProps(context) {
  const session = await getSession(context);
  if (!session) {
    return { redirect: { destination: `/login?next=${encodeURIComponent(context.resolvedUrl)}`, permanent: false } };
  }
  if (context.query.continue) {
    return { redirect: { destination: context.query.continue, permanent: false } };
  }
  const status = context.query.status || 'all';
  const orders =
    status === 'all'
      ? await db.query('SELECT id, total, status FROM orders WHERE user_id = $1', [session.user.id])
      : await db.query(`SELECT id, total, status FROM orders WHERE user_id = ${session.user.id} AND status = '${status}'`);
  return { props: { orders: orders.rows } };
}

export default function OrdersPage({ orders }) {
  return (
    <table>
      <tbody>
        {orders.map((o) => (
          <tr key={o.id}>
            <td>{o.id}</td>
            <td>{o.total}</td>
            <td>{o.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
