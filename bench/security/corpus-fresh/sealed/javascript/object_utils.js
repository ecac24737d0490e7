'use strict';

function extend(deep, target, ...sources) {
  for (const src of sources) {
    for (const key in src) {
      const val = src[key];
      if (deep && val && typeof val === 'object' && !Array.isArray(val)) {
        target[key] = extend(true, target[key] || {}, val);
      } else {
        target[key] = val;
      }
    }
  }
  return target;
}

function assignPath(obj, path, value) {
  const keys = Array.isArray(path) ? path : String(path).split('.');
  const last = keys.pop();
  const parent = keys.reduce((o, k) => (o[k] = o[k] || {}), obj);
  parent[last] = value;
}

function cloneClean(src) {
  const out = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? cloneClean(v) : v;
  }
  return out;
}

function toLookup(pairs) {
  const map = new Map();
  for (const [k, v] of pairs) map.set(k, v);
  return map;
}

module.exports = { extend, assignPath, cloneClean, toLookup };
