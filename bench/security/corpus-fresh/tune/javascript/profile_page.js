const express = require('express');
const escape = require('escape-html');
const db = require('./db');

const app = express();

function renderProfile(user) {
  return `<!doctype html>
<html><body>
  <h1>${escape(user.displayName)}</h1>
  <section class="bio">${user.bio}</section>
</body></html>`;
}

app.get('/u/:handle', async (req, res) => {
  const user = await db.users.findByHandle(req.params.handle);
  if (!user) {
    return res.status(404).send(`<p>No user named ${req.params.handle}</p>`);
  }
  res.send(renderProfile(user));
});

app.get('/u/:handle/card', async (req, res) => {
  const user = await db.users.findByHandle(req.params.handle);
  res.send(`<div class="card"><b>${escape(user.displayName)}</b><p>${escape(user.bio)}</p></div>`);
});

app.get('/u/:handle.json', async (req, res) => {
  res.json(await db.users.findByHandle(req.params.handle));
});

module.exports = app;
