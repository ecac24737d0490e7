import axios, { AxiosInstance } from 'axios';
import got from 'got';

export interface Subscription {
  id: string;
  callbackUrl: string;
  secret: string;
}

const billing: AxiosInstance = axios.create({ baseURL: 'https://billing.internal.example.com', timeout: 5000 });

export async function sendEvent(sub: Subscription, event: object): Promise<number> {
  const res = await axios.post(sub.callbackUrl, event, { timeout: 5000 });
  return res.status;
}

export async function fetchInvoice(invoiceId: string) {
  const res = await billing.get(`/invoices/${encodeURIComponent(invoiceId)}`);
  return res.data;
}

export async function verifyCallback(url: string): Promise<boolean> {
  const res = await got(url, { throwHttpErrors: false, timeout: { request: 3000 } });
  return res.statusCode < 400;
}

export async function fetchExchangeRate(currency: string) {
  return got(`https://api.exchangerates.example.org/latest?base=${encodeURIComponent(currency)}`).json();
}
