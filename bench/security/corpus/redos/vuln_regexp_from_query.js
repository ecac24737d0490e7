const express = require('express');
const app = express();

app.get('/find', (req, res) => {
  const matcher = new RegExp(req.query.pattern, 'i');
  res.json(USERS.filter((u) => matcher.test(u.name)));
});
