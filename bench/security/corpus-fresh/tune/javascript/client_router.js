const ALLOWED_RETURN_HOSTS = new Set([window.location.host, 'accounts.example.com']);

export function continueAfterLogin() {
  const params = new URLSearchParams(window.location.search);
  const next = params.get('next');
  if (next) {
    window.location.href = next;
    return;
  }
  window.location.href = '/home';
}

export function returnToApp() {
  const raw = new URLSearchParams(window.location.search).get('return');
  let url;
  try {
    url = new URL(raw, window.location.origin);
  } catch {
    url = new URL('/', window.location.origin);
  }
  if (url.protocol !== 'https:' || !ALLOWED_RETURN_HOSTS.has(url.host)) {
    url = new URL('/', window.location.origin);
  }
  window.location.assign(url.toString());
}

export function openHelp(topic) {
  window.location.assign('/help/' + encodeURIComponent(topic));
}

export function followDeepLink() {
  const target = window.location.hash.replace(/^#go=/, '');
  window.location.replace(target);
}
