(function () {
  'use strict';

  function qs(sel) {
    return document.querySelector(sel);
  }

  function showWelcome() {
    const params = new URLSearchParams(window.location.search);
    const name = params.get('name') || 'visitor';
    qs('#welcome').innerHTML = 'Hello, ' + name + '!';
  }

  function showSearchTerm() {
    const term = decodeURIComponent(window.location.hash.slice(1));
    qs('#term').textContent = term;
  }

  function appendNotice(message) {
    qs('#notices').insertAdjacentHTML('beforeend', `<li class="notice">${message}</li>`);
  }

  function loadNotices() {
    fetch('/api/notices')
      .then((r) => r.json())
      .then((items) => items.forEach((n) => appendNotice(n.text)));
  }

  function renderLegacyAd() {
    const src = new URLSearchParams(location.search).get('ad');
    document.write('<script src="' + src + '"><\/script>');
  }

  function setStatus(state) {
    const labels = { ok: '<span class="ok">Operational</span>', down: '<span class="down">Outage</span>' };
    qs('#status').innerHTML = labels[state] || labels.ok;
  }

  document.addEventListener('DOMContentLoaded', () => {
    showWelcome();
    showSearchTerm();
    loadNotices();
    renderLegacyAd();
    setStatus(document.body.dataset.status);
  });
})();
