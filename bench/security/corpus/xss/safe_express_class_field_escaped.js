const express = require('express');
const escapeHtml = require('escape-html');
const app = express();

class Greeter {
  constructor(req) {
    this.name = req.query.name;
    this.title = 'Welcome';
  }
  render(res) {
    // The field holds request data; it is escaped before it reaches HTML, the constant one is not.
    res.send('<h1>' + this.title + ', ' + escapeHtml(this.name) + '</h1>');
  }
}

app.get('/hello', (req, res) => new Greeter(req).render(res));
