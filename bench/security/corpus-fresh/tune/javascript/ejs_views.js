const ejs = require('ejs');
const express = require('express');

const app = express();
app.set('view engine', 'ejs');

const COMMENT_TEMPLATE = `
<ul class="comments">
<% comments.forEach(function (c) { %>
  <li><strong><%= c.author %></strong>: <%- c.body %></li>
<% }) %>
</ul>`;

const ANNOUNCEMENT_TEMPLATE = `<div class="banner"><%= message %></div>`;

app.get('/posts/:id/comments', async (req, res) => {
  const comments = await loadComments(req.params.id);
  res.send(ejs.render(COMMENT_TEMPLATE, { comments }));
});

app.get('/announce', (req, res) => {
  res.send(ejs.render(ANNOUNCEMENT_TEMPLATE, { message: req.query.msg }));
});

app.get('/custom', (req, res) => {
  const html = ejs.render(req.body.template, { user: req.user });
  res.send(html);
});

async function loadComments(postId) {
  return [];
}

module.exports = app;
