export const EMAIL = /^([\w.+-]+)+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}$/i;
export const PHONE = /^\+?[0-9]{7,15}$/;
export const HEX_COLOR = /^#(?:[0-9a-f]{3}){1,2}$/i;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

export function isPhone(value: string): boolean {
  return PHONE.test(value);
}

export function matchesUserFilter(value: string, filter: string): boolean {
  return new RegExp(`^${filter}$`).test(value);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function containsWord(value: string, word: string): boolean {
  return new RegExp(`\\b${escapeRegExp(word)}\\b`, 'i').test(value);
}

export const TRAILING_SPACES = /(\s*)+$/;
