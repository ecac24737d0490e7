import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { Request, Response } from 'express';

export function renderMarkdown(src: string): string {
  return marked.parse(src, { async: false }) as string;
}

export function renderMarkdownClean(src: string): string {
  return sanitizeHtml(marked.parse(src, { async: false }) as string);
}

export function previewHandler(req: Request, res: Response) {
  const html = renderMarkdown(String(req.body.markdown ?? ''));
  res.type('html').send(`<article class="preview">${html}</article>`);
}

export function previewHandlerClean(req: Request, res: Response) {
  const html = renderMarkdownClean(String(req.body.markdown ?? ''));
  res.type('html').send(`<article class="preview">${html}</article>`);
}

export function stripTags(input: string): string {
  return input.replace(/<script>/gi, '');
}

export function commentHandler(req: Request, res: Response) {
  res.type('html').send(`<div class="comment">${stripTags(String(req.body.text))}</div>`);
}
