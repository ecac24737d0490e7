const express = require('express');
const app = express();

class Greeter {
  constructor(req) {
    this.name = req.query.name;
  }
  render(res) {
    res.send('<h1>Hello ' + this.name + '</h1>');
  }
}

app.get('/hello', (req, res) => new Greeter(req).render(res));
