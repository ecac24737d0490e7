const _ = require('lodash');
const express = require('express');
const app = express();
app.use(express.json());

app.put('/profile', (req, res) => {
  const profile = _.merge({}, req.user.profile, req.body);
  res.json(profile);
});
