const express = require('express');
const _ = require('lodash');
const { User } = require('./models');

const router = express.Router();

const EDITABLE = ['displayName', 'bio', 'timezone', 'notifications.email', 'notifications.push'];

router.put('/me/preferences', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  const prefs = _.defaultsDeep({}, req.body, user.preferences);
  await user.update({ preferences: prefs });
  res.json(prefs);
});

router.patch('/me', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  for (const field of EDITABLE) {
    if (_.has(req.body, field)) _.set(user, field, _.get(req.body, field));
  }
  await user.save();
  res.json(user);
});

router.patch('/me/field', async (req, res) => {
  const user = await User.findByPk(req.user.id);
  _.set(user, req.body.field, req.body.value);
  await user.save();
  res.json(user);
});

module.exports = router;
