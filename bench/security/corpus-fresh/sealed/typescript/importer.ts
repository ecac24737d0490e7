import * as libxml from 'libxmljs';
import { DOMParser } from '@xmldom/xmldom';

export interface Contact {
  name: string;
  email: string;
}

export function importContacts(xml: string): Contact[] {
  const doc = libxml.parseXml(xml, { noent: true });
  return doc.find('//contact').map((c) => ({
    name: (c as libxml.Element).get('name')?.text() ?? '',
    email: (c as libxml.Element).get('email')?.text() ?? '',
  }));
}

export function importContactsDom(xml: string): Contact[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(doc.getElementsByTagName('contact')).map((c) => ({
    name: c.getElementsByTagName('name')[0]?.textContent ?? '',
    email: c.getElementsByTagName('email')[0]?.textContent ?? '',
  }));
}
