const express = require('express');
const fs = require('fs');
const path = require('path');

const router = express.Router();
const INVOICE_ROOT = path.resolve(__dirname, '..', 'storage', 'invoices');

function invoicePath(account, file) {
  return path.join(INVOICE_ROOT, account, file);
}

router.get('/invoices/:account/:file', (req, res) => {
  const full = invoicePath(req.params.account, req.params.file);
  res.sendFile(full);
});

router.get('/invoices/:account/download', (req, res) => {
  const name = req.query.name;
  res.sendFile(name, { root: path.join(INVOICE_ROOT, req.params.account.replace(/[^a-z0-9]/gi, '')) });
});

router.get('/invoices/:account/text', (req, res, next) => {
  const base = path.join(INVOICE_ROOT, req.params.account);
  const target = path.resolve(base, req.query.file || '');
  if (!target.startsWith(base + path.sep)) {
    return res.status(400).send('invalid file');
  }
  fs.readFile(target, 'utf8', (err, text) => {
    if (err) return next(err);
    res.type('text/plain').send(text);
  });
});

router.delete('/invoices/:account/:file', async (req, res) => {
  const cleaned = req.params.file.replace('../', '');
  await fs.promises.unlink(path.join(INVOICE_ROOT, req.params.account, cleaned));
  res.sendStatus(204);
});

router.get('/invoices/export', (req, res) => {
  const stream = fs.createReadStream(path.join('/var/exports', req.query.batch + '.csv'));
  stream.pipe(res);
});

module.exports = router;
