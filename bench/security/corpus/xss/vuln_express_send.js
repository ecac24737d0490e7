const express = require('express');
const app = express();

function page(title, body) {
  return `<html><head><title>${title}</title></head><body>${body}</body></html>`;
}

app.get('/hello', (req, res) => {
  res.send(page('Hello', '<p>Hello ' + req.query.name + '</p>'));
});
