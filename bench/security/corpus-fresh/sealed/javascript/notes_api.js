const express = require('express');
const mongoose = require('mongoose');
const serialize = require('node-serialize');

const Note = mongoose.model('Note', new mongoose.Schema({ owner: String, title: String, body: String, tags: [String] }));
const router = express.Router();

router.get('/notes', async (req, res) => {
  const notes = await Note.find({ owner: req.user.id, tags: req.query.tag }).lean();
  res.json(notes);
});

router.get('/notes/search', async (req, res) => {
  const title = String(req.query.title || '');
  const notes = await Note.find({ owner: req.user.id, title: { $eq: title } }).lean();
  res.json(notes);
});

router.get('/notes/filter', async (req, res) => {
  const notes = await Note.find({ $where: 'this.owner == "' + req.user.id + '" && this.title.length > ' + req.query.minLength }).lean();
  res.json(notes);
});

router.post('/notes/import', express.text(), async (req, res) => {
  const imported = serialize.unserialize(req.body);
  await Note.insertMany([].concat(imported).map((n) => ({ ...n, owner: req.user.id })));
  res.sendStatus(201);
});

module.exports = router;
