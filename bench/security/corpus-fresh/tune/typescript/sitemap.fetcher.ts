import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser();

async function assertPublicHost(hostname: string): Promise<void> {
  const { address } = await lookup(hostname);
  const range = ipaddr.parse(address).range();
  if (range !== 'unicast') throw new Error(`blocked address range ${range}`);
}

export async function crawlSitemap(siteUrl: string): Promise<string[]> {
  const url = new URL('/sitemap.xml', siteUrl);
  if (!['http:', 'https:'].includes(url.protocol)) throw new Error('unsupported protocol');
  await assertPublicHost(url.hostname);
  const res = await fetch(url, { redirect: 'error' });
  const doc = parser.parse(await res.text());
  return [].concat(doc.urlset?.url ?? []).map((u: any) => u.loc);
}

export async function fetchRobots(siteUrl: string): Promise<string> {
  const res = await fetch(`${siteUrl}/robots.txt`);
  return res.text();
}
