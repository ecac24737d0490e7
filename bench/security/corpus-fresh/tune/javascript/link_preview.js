import dns from 'node:dns/promises';
import net from 'node:net';
import * as cheerio from 'cheerio';

const PRIVATE_RANGES = [/^10\./, /^127\./, /^169\.254\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^0\./];

async function resolvesPublic(hostname) {
  const addrs = await dns.lookup(hostname, { all: true });
  return addrs.every(({ address }) => net.isIPv4(address) && !PRIVATE_RANGES.some((r) => r.test(address)));
}

export async function buildPreview(url) {
  const res = await fetch(url, { redirect: 'follow' });
  const html = await res.text();
  const $ = cheerio.load(html);
  return {
    title: $('meta[property="og:title"]').attr('content') || $('title').text(),
    image: $('meta[property="og:image"]').attr('content') || null,
  };
}

export async function buildPreviewChecked(rawUrl) {
  const url = new URL(rawUrl);
  if (url.protocol !== 'https:' || !(await resolvesPublic(url.hostname))) {
    throw new Error('preview not allowed for this address');
  }
  const res = await fetch(url, { redirect: 'manual' });
  const $ = cheerio.load(await res.text());
  return { title: $('title').text() };
}
