import axios from 'axios';
import got from 'got';

const GITHUB_API = 'https://api.github.com';

export async function githubUser(login: string) {
  const res = await fetch(`${GITHUB_API}/users/${encodeURIComponent(login)}`);
  return res.json();
}

export async function githubUserRaw(login: string) {
  const res = await fetch(`https://api.github.com/users/${login}/repos?per_page=100`);
  return res.json();
}

export async function registerWebhook(body: { callbackUrl: string; event: string }) {
  await axios.post(body.callbackUrl, { event: body.event, test: true });
}

const client = axios.create({ baseURL: 'https://billing.example.com/api' });

export async function invoice(id: string) {
  const { data } = await client.get(`/invoices/${encodeURIComponent(id)}`);
  return data;
}

export async function metrics(host: string) {
  return got(`http://${host}:9100/metrics`).text();
}

export async function imageProxy(src: string) {
  const u = new URL(src);
  if (!['cdn.example.com', 'images.example.com'].includes(u.hostname) || u.protocol !== 'https:') {
    throw new Error('host not allowed');
  }
  return (await fetch(u)).arrayBuffer();
}

export async function imageProxyLoose(src: string) {
  if (!src.includes('cdn.example.com')) throw new Error('host not allowed');
  return (await fetch(src)).arrayBuffer();
}
