import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import unzipper from 'unzipper';
import * as tar from 'tar';

export async function extractTheme(zipPath: string, destDir: string): Promise<string[]> {
  const written: string[] = [];
  const directory = await unzipper.Open.file(zipPath);
  for (const entry of directory.files) {
    if (entry.type === 'Directory') continue;
    const out = path.join(destDir, entry.path);
    await fs.promises.mkdir(path.dirname(out), { recursive: true });
    await pipeline(entry.stream(), fs.createWriteStream(out));
    written.push(out);
  }
  return written;
}

export async function extractThemeChecked(zipPath: string, destDir: string): Promise<string[]> {
  const root = path.resolve(destDir);
  const written: string[] = [];
  const directory = await unzipper.Open.file(zipPath);
  for (const entry of directory.files) {
    const out = path.resolve(root, entry.path);
    if (!out.startsWith(root + path.sep)) throw new Error(`entry escapes destination: ${entry.path}`);
    if (entry.type === 'Directory') continue;
    await fs.promises.mkdir(path.dirname(out), { recursive: true });
    await pipeline(entry.stream(), fs.createWriteStream(out));
    written.push(out);
  }
  return written;
}

export async function extractBackup(tgzPath: string, destDir: string): Promise<void> {
  await tar.x({ file: tgzPath, cwd: destDir, strict: true });
}
