const TRUSTED_ORIGIN = 'https://widgets.example.com';

function handleCommand(data) {
  switch (data.type) {
    case 'resize':
      document.getElementById('frame').style.height = `${Number(data.height)}px`;
      break;
    case 'title':
      document.title = String(data.title);
      break;
    default:
      break;
  }
}

window.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'html') {
    document.getElementById('slot').innerHTML = data.html;
  }
});

window.addEventListener('message', (event) => {
  if (event.origin !== TRUSTED_ORIGIN) return;
  handleCommand(event.data);
});

export function shareSession(accessToken) {
  window.parent.postMessage({ type: 'auth', accessToken }, '*');
}

export function notifyParentScoped(height) {
  window.parent.postMessage({ type: 'resize', height }, TRUSTED_ORIGIN);
}
