export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

/**
 * The URL to reach Ollama at from `OLLAMA_HOST`, read the way Ollama's own client reads it: scheme
 * defaults to http, port to 11434 (443 for https), a path is kept; a wildcard bind address (`0.0.0.0`,
 * `::`) means "this machine", so vouch connects to loopback.
 */
export function ollamaBaseUrl(host: string | undefined): string {
  const value = host?.trim();
  if (!value) return OLLAMA_DEFAULT_HOST;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value)
    ? value
    : `http://${value.startsWith(':') ? `127.0.0.1${value}` : value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return OLLAMA_DEFAULT_HOST;
  }
  if (url.hostname === '0.0.0.0' || url.hostname === '') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  if (url.port === '' && !/:\d+(\/|$)/.test(withScheme.replace(/^[a-z]+:\/\//i, ''))) {
    url.port = url.protocol === 'https:' ? '443' : '11434';
  }
  return url.toString().replace(/\/+$/, '');
}
