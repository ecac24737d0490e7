import https from 'node:https';
import tls from 'node:tls';
import fs from 'node:fs';

export function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(JSON.parse(body) as T));
    });
    req.on('error', reject);
  });
}

export function connectLedger(host: string, port = 7443): tls.TLSSocket {
  return tls.connect({ host, port, ca: [fs.readFileSync('/etc/ledger/ca.pem')], servername: host });
}

export function connectLegacyPrinter(host: string): tls.TLSSocket {
  return tls.connect({ host, port: 9100, rejectUnauthorized: false, checkServerIdentity: () => undefined });
}
