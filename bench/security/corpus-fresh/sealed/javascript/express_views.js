const express = require('express');
const Handlebars = require('handlebars');
const pug = require('pug');
const ejs = require('ejs');

const app = express();

const cardTpl = Handlebars.compile('<div class="card"><h3>{{title}}</h3><div class="desc">{{{description}}}</div></div>');
const listTpl = pug.compile('ul\n  each t in tags\n    li= t\n');
const footerTpl = ejs.compile('<footer><%= company %> · <%- slogan %></footer>');

app.get('/cards/:id', async (req, res) => {
  const item = await loadItem(req.params.id);
  res.send(cardTpl({ title: item.title, description: item.description }));
});

app.get('/tags', (req, res) => {
  const tags = [].concat(req.query.tag || []);
  res.send(listTpl({ tags }));
});

app.get('/bio', (req, res) => {
  res.send(pug.render('p.bio !{bio}', { bio: req.query.bio }));
});

app.get('/footer', (req, res) => {
  res.send(footerTpl({ company: 'Acme', slogan: req.query.slogan }));
});

async function loadItem(id) {
  return { title: `Item ${id}`, description: '' };
}

module.exports = app;
