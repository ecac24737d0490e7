const libxmljs = require('libxmljs');
const { XMLParser } = require('fast-xml-parser');
const express = require('express');

const router = express.Router();
router.use(express.text({ type: ['application/xml', 'text/xml'] }));

router.post('/import/orders', (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: true, dtdload: true });
  res.json(doc.find('//order').map((o) => o.attr('id').value()));
});

router.post('/import/orders/v2', (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: false, nonet: true });
  res.json(doc.find('//order').map((o) => o.attr('id').value()));
});

router.post('/import/catalog', (req, res) => {
  const parser = new XMLParser({ ignoreAttributes: false });
  const data = parser.parse(req.body);
  res.json(data);
});

module.exports = router;
