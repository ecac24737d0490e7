export const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([\w.]+))?$/;
export const CSV_ROW = /^(("[^"]*"|[^",]*),?)*$/;

export function isCsvRow(line: string): boolean {
  return CSV_ROW.test(line);
}

export function highlightAll(text: string, needle: string): string {
  const re = new RegExp(`(${needle})`, 'gi');
  return text.replace(re, '<mark>$1</mark>');
}

export function highlightLiteral(text: string, needle: string): string {
  const escaped = needle.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return text.split(new RegExp(escaped, 'gi')).join('…');
}

export function parseVersion(v: string): [number, number, number] | null {
  const m = SEMVER.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}
