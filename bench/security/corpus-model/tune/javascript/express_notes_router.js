const express = require('express');
const jwt = require('jsonwebtoken');
const Note = require('../models/note');

const router = express.Router();

function requireAuth(req, res, next) {
  const header = req.headers.authorization || '';
  const token = header.replace('Bearer ', '');
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET);
    next();
  } catch (err) {
    return res.status(401).json({ message: 'Unauthorized' });
  }
}

router.get('/notes', requireAuth, async (req, res) => {
  const notes = await Note.find({ owner: req.user.id });
  res.json(notes);
});

router.post('/notes', requireAuth, async (req, res) => {
  const note = await Note.create({ owner: req.user.id, text: req.body.text });
  res.status(201).json(note);
});

// delete a note by id
router.delete('/notes/:id', async (req, res) => {
  await Note.findByIdAndDelete(req.params.id);
  res.status(204).end();
});

module.exports = router;
