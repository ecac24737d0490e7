import puppeteer, { Browser } from 'puppeteer';
import type { Request, Response } from 'express';

let browser: Browser | undefined;

async function getBrowser(): Promise<Browser> {
  browser ??= await puppeteer.launch({ args: ['--no-sandbox'] });
  return browser;
}

export async function renderUrlToPdf(req: Request, res: Response) {
  const page = await (await getBrowser()).newPage();
  await page.goto(String(req.query.url), { waitUntil: 'networkidle0' });
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  res.type('application/pdf').send(pdf);
}

export async function renderInvoicePdf(req: Request, res: Response) {
  const page = await (await getBrowser()).newPage();
  await page.goto(`https://app.example.com/invoices/${encodeURIComponent(req.params.id)}/print`);
  const pdf = await page.pdf({ format: 'A4' });
  await page.close();
  res.type('application/pdf').send(pdf);
}
