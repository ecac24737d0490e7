import { redirect } from 'next/navigation';
export default function Page({ query }) {
  redirect(query.next);
}
