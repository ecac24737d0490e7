const libxmljs = require('libxmljs');
const xml2js = require('xml2js');
const express = require('express');

const router = express.Router();
router.use(express.text({ type: ['application/xml', 'text/xml'] }));

router.post('/import/products', (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: true, nonet: false });
  const names = doc.find('//product/name').map((n) => n.text());
  res.json({ imported: names.length });
});

router.post('/import/customers', async (req, res) => {
  const parsed = await xml2js.parseStringPromise(req.body, { explicitArray: false });
  res.json({ imported: [].concat(parsed.customers.customer || []).length });
});

router.post('/import/orders', (req, res) => {
  const doc = libxmljs.parseXml(req.body);
  res.json({ imported: doc.find('//order').length });
});

module.exports = router;
