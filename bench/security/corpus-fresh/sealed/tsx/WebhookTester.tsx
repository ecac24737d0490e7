import { revalidatePath } from 'next/cache';
import { db } from '@/lib/db';

const HOOK_RELAY = 'https://relay.example.com';

export default async function WebhookTester({ params }: { params: { projectId: string } }) {
  async function sendTest(formData: FormData) {
    'use server';
    const url = String(formData.get('url'));
    const res = await fetch(url, { method: 'POST', body: JSON.stringify({ ping: true }) });
    await db.query('INSERT INTO hook_tests (project_id, url, status) VALUES ($1, $2, $3)', [params.projectId, url, res.status]);
    revalidatePath(`/projects/${params.projectId}/hooks`);
  }

  async function sendViaRelay(formData: FormData) {
    'use server';
    const url = String(formData.get('url'));
    await fetch(`${HOOK_RELAY}/deliver`, { method: 'POST', body: JSON.stringify({ url, ping: true }) });
  }

  return (
    <>
      <form action={sendTest}>
        <input name="url" type="url" required />
        <button type="submit">Send test</button>
      </form>
      <form action={sendViaRelay}>
        <input name="url" type="url" required />
        <button type="submit">Send via relay</button>
      </form>
    </>
  );
}
