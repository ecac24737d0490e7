const vm = require('vm');
const express = require('express');
const app = express();

app.get('/template', (req, res) => {
  const output = vm.runInNewContext('`' + req.query.tpl + '`', { user: 'guest' });
  res.send(String(output));
});
