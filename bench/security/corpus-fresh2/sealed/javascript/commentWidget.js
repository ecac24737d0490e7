import DOMPurify from 'dompurify';

const list = document.querySelector('#comments');
const banner = document.getElementById('banner');

function renderComment(comment) {
  const li = document.createElement('li');
  li.innerHTML = `<strong>${comment.author}</strong>: ${comment.text}`;
  list.appendChild(li);
}

function renderCommentText(comment) {
  const li = document.createElement('li');
  const who = document.createElement('strong');
  who.textContent = comment.author;
  li.append(who, document.createTextNode(': ' + comment.text));
  list.appendChild(li);
}

function renderRich(comment) {
  const li = document.createElement('li');
  li.innerHTML = DOMPurify.sanitize(comment.html);
  list.appendChild(li);
}

function showWelcome() {
  const params = new URLSearchParams(window.location.search);
  banner.innerHTML = 'Welcome back, ' + params.get('name');
}

function showHashMessage() {
  const msg = decodeURIComponent(location.hash.slice(1));
  banner.insertAdjacentHTML('beforeend', `<p>${msg}</p>`);
}

function printFooter() {
  document.write('<footer>&copy; ' + new Date().getFullYear() + ' Example Ltd</footer>');
}

function printCampaign() {
  const src = new URLSearchParams(location.search).get('utm_campaign');
  document.write('<img src="/pixel.gif?c=' + src + '">');
}

fetch('/api/comments').then((r) => r.json()).then((items) => {
  items.forEach((c) => (c.html ? renderRich(c) : c.pinned ? renderComment(c) : renderCommentText(c)));
  showWelcome();
  showHashMessage();
  printFooter();
  printCampaign();
});
