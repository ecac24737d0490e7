'use strict';

const _ = require('lodash');

function mergeInto(target, source) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!target[key]) target[key] = {};
      mergeInto(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

const BLOCKED = new Set(['__proto__', 'constructor', 'prototype']);

function mergeGuarded(target, source) {
  for (const key of Object.keys(source)) {
    if (BLOCKED.has(key)) continue;
    const value = source[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!Object.prototype.hasOwnProperty.call(target, key)) target[key] = {};
      mergeGuarded(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function setByPath(obj, dotted, value) {
  const parts = dotted.split('.');
  let node = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    node[parts[i]] = node[parts[i]] || {};
    node = node[parts[i]];
  }
  node[parts[parts.length - 1]] = value;
}

function countWords(words) {
  const counts = Object.create(null);
  for (const w of words) {
    counts[w] = (counts[w] || 0) + 1;
  }
  return counts;
}

module.exports = function routes(app) {
  const settings = {};
  app.post('/settings', (req, res) => {
    mergeInto(settings, req.body);
    mergeGuarded(settings, req.body);
    res.json(settings);
  });
  app.post('/settings/path', (req, res) => {
    setByPath(settings, req.body.path, req.body.value);
    _.set(settings, req.body.path, req.body.value);
    res.json(countWords(String(req.body.text || '').split(/\s+/)));
  });
};
