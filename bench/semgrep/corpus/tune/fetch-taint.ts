import { Router } from 'express';
import { allowedHost } from './hosts';

const router = Router();

function upstream(host: string): string {
  return `https://${host}/data`;
}

function load(url: string) {
  // ruleid: fetch-taint
  return fetch(url);
}

function loadFixed(url: string) {
  // ok: fetch-taint
  return fetch(url, { method: 'GET' });
}

router.get('/a', (req, res) => {
  const host = req.query.host as string;
  // ruleid: fetch-taint
  fetch(upstream(host));
  // ok: fetch-taint
  fetch(upstream(allowedHost(host)));
  const parts: string[] = ['https://api.example.com'];
  parts.push(host);
  // ruleid: fetch-taint
  fetch(parts.join('/'));
  const fixed: string[] = ['https://api.example.com'];
  fixed.push('v1');
  // ok: fetch-taint
  fetch(fixed.join('/'));
  load(host);
  loadFixed('https://api.example.com');
  res.send('ok');
});

router.get('/b/:id', (req, res) => {
  // ruleid: fetch-taint
  fetch(`https://${req.params.id}/x`);
  res.send('ok');
});

function elsewhere(req: { params: { id: string } }) {
  // ok: fetch-taint
  return fetch(`https://${req.params.id}/x`);
}

export { elsewhere, router };
