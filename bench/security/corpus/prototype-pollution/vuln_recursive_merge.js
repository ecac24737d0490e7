const express = require('express');
const app = express();
app.use(express.json());

const defaults = {};

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    if (source[key] && typeof source[key] === 'object') {
      if (!target[key]) target[key] = {};
      deepMerge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

app.post('/config', (req, res) => {
  deepMerge(defaults, req.body);
  res.json(defaults);
});
