const fs = require('fs');
const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');

const doc = new DOMParser().parseFromString(fs.readFileSync('./data/users.xml', 'utf8'), 'text/xml');

function checkCredentials(username, password) {
  const expr = `//user[username/text()='${username}' and password/text()='${password}']`;
  const nodes = xpath.select(expr, doc);
  return nodes.length > 0;
}

function findRole(username) {
  const select = xpath.useNamespaces({});
  const expr = xpath.parse('//user[username/text()=$name]/role/text()');
  const nodes = expr.select({ node: doc, variables: { name: username } });
  return nodes.length ? nodes[0].nodeValue : null;
}

module.exports = { checkCredentials, findRole };
