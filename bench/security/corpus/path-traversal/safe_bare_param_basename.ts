import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

const TEMPLATES = '/srv/app/templates';

export async function loadTemplate(name: string): Promise<string> {
  return readFile(join(TEMPLATES, `${basename(name)}.html`), 'utf8');
}
