const express = require('express');
const app = express();

app.get('/a', function handler(req, res) {
  // ruleid: eval-of-request-data
  eval('x = ' + req.query.code);
  // ok: eval-of-request-data
  eval('1 + 1');
  // ok: eval-of-request-data
  eval(res.query);
  res.send('ok');
});

app.get('/b', (request, response) => {
  const prefix = 'y = ';
  // ruleid: eval-of-request-data
  const value = eval(`${prefix}${request.query['expr']}`);
  response.json({ value });
});

// ok: eval-of-request-data
eval(settings.query.code);
