const _ = require('lodash');
const express = require('express');

const router = express.Router();
const tenantSettings = new Map();

function defaults() {
  return { theme: 'light', notifications: { email: true, sms: false }, locale: 'en' };
}

router.patch('/settings', (req, res) => {
  const current = tenantSettings.get(req.user.tenantId) || defaults();
  const updated = _.merge(current, req.body);
  tenantSettings.set(req.user.tenantId, updated);
  res.json(updated);
});

router.put('/settings/field', (req, res) => {
  const current = tenantSettings.get(req.user.tenantId) || defaults();
  _.set(current, req.body.path, req.body.value);
  tenantSettings.set(req.user.tenantId, current);
  res.json(current);
});

router.post('/settings/reset', (req, res) => {
  const picked = _.pick(req.body, ['theme', 'locale']);
  const next = Object.assign(defaults(), picked);
  tenantSettings.set(req.user.tenantId, next);
  res.json(next);
});

module.exports = router;
