const express = require('express');

const app = express();
app.use(express.json());

const settingsByUser = new Map();

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!target[key]) target[key] = {};
      deepMerge(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

app.patch('/users/:id/settings', (req, res) => {
  const current = settingsByUser.get(req.params.id) || { theme: 'light', notifications: {} };
  settingsByUser.set(req.params.id, deepMerge(current, req.body));
  res.json(settingsByUser.get(req.params.id));
});

module.exports = app;
