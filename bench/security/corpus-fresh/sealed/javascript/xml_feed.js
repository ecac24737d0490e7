const libxmljs = require('libxmljs2');
const sax = require('sax');

function parseCatalog(xmlString) {
  const doc = libxmljs.parseXmlString(xmlString, { noent: true, noblanks: true });
  return doc.find('//entry').map((e) => ({ id: e.attr('id')?.value(), name: e.get('name')?.text() }));
}

function parseCatalogStreaming(xmlString) {
  const parser = sax.parser(true);
  const names = [];
  let inName = false;
  parser.onopentag = (node) => { inName = node.name === 'name'; };
  parser.ontext = (t) => { if (inName) names.push(t); };
  parser.onclosetag = () => { inName = false; };
  parser.write(xmlString).close();
  return names;
}

function parseSettings(xmlString) {
  const doc = libxmljs.parseXmlString(xmlString, { nonet: true });
  return doc.root().childNodes().map((n) => n.name());
}

module.exports = { parseCatalog, parseCatalogStreaming, parseSettings };
