import AdmZip from 'adm-zip';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PLUGIN_ROOT = path.resolve('/opt/app/plugins');

export function installPlugin(zipBuffer: Buffer, pluginName: string): string[] {
  const zip = new AdmZip(zipBuffer);
  const dest = path.join(PLUGIN_ROOT, pluginName);
  const written: string[] = [];
  for (const entry of zip.getEntries()) {
    if (entry.isDirectory) continue;
    const target = path.join(dest, entry.entryName);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.getData());
    written.push(target);
  }
  return written;
}

export function installPluginChecked(zipBuffer: Buffer, pluginName: string): string[] {
  const zip = new AdmZip(zipBuffer);
  const dest = path.resolve(PLUGIN_ROOT, path.basename(pluginName));
  const written: string[] = [];
  for (const entry of zip.getEntries()) {
    const target = path.resolve(dest, entry.entryName);
    if (!target.startsWith(dest + path.sep)) throw new Error(`rejected entry ${entry.entryName}`);
    if (entry.isDirectory) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, entry.getData());
    written.push(target);
  }
  return written;
}
