import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const TEMPLATES = '/srv/app/templates';

export async function loadTemplate(name: string): Promise<string> {
  return readFile(join(TEMPLATES, `${name}.html`), 'utf8');
}
