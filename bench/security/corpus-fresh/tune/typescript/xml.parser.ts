import { XMLParser } from 'fast-xml-parser';
import * as libxmljs from 'libxmljs2';

export interface ImportedItem {
  sku: string;
  qty: number;
}

export function parseSupplierFeed(xml: string): ImportedItem[] {
  const doc = libxmljs.parseXmlString(xml, { noent: true, dtdload: true });
  return doc.find('//item').map((n: any) => ({ sku: n.get('sku')?.text() ?? '', qty: Number(n.get('qty')?.text() ?? 0) }));
}

export function parseSupplierFeedFast(xml: string): ImportedItem[] {
  const parser = new XMLParser({ ignoreAttributes: false, processEntities: true });
  const data = parser.parse(xml);
  const items = Array.isArray(data.feed.item) ? data.feed.item : [data.feed.item];
  return items.map((i: any) => ({ sku: String(i.sku), qty: Number(i.qty) }));
}

export function parseConfig(xml: string) {
  return libxmljs.parseXmlString(xml, { noent: false, nonet: true });
}
