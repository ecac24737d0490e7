import type { ModelLocation } from './types.js';

/**
 * A base URL as the audit log names an endpoint: scheme, host and path, without credentials or a query
 * (keys travel there). A unix socket is its path.
 */
export function endpointOf(baseUrl: string): string {
  if (baseUrl.startsWith('unix:') || baseUrl.startsWith('/')) return baseUrl.replace(/[?#].*$/, '');
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'unparsable base URL';
  }
}

/**
 * `local` when the endpoint is this machine (loopback names and addresses, unix sockets), `remote`
 * otherwise. Prompts to remote models are redacted; a config's `location` overrides this (a LAN GPU box
 * the user trusts, or a loopback tunnel to a cloud).
 */
export function locationOf(baseUrl: string): ModelLocation {
  if (baseUrl.startsWith('unix:') || baseUrl.startsWith('/')) return 'local';
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return 'remote';
  }
  host = host.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return 'local';
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return 'local';
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return 'local';
  if (host === '0.0.0.0') return 'local';
  return 'remote';
}
