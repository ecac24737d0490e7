const ldap = require('ldapjs');
const { escapeFilterValue } = require('./ldap-escape');
const xpath = require('xpath');
const { DOMParser } = require('@xmldom/xmldom');

const client = ldap.createClient({ url: process.env.LDAP_URL });

function groupsOf(user, cb) {
  const opts = { filter: '(&(objectClass=group)(member=uid=' + user + ',ou=people,dc=acme,dc=io))', scope: 'sub' };
  client.search('ou=groups,dc=acme,dc=io', opts, cb);
}

function groupsOfEscaped(user, cb) {
  const opts = { filter: `(&(objectClass=group)(memberUid=${escapeFilterValue(user)}))`, scope: 'sub' };
  client.search('ou=groups,dc=acme,dc=io', opts, cb);
}

function priceFor(xmlText, sku) {
  const doc = new DOMParser().parseFromString(xmlText, 'text/xml');
  const nodes = xpath.select("//product[@sku='" + sku + "']/price/text()", doc);
  return nodes.length ? Number(nodes[0].data) : null;
}

function priceForEscaped(xmlText, sku) {
  if (!/^[A-Z0-9-]{3,20}$/.test(sku)) return null;
  const doc = new DOMParser().parseFromString(xmlText, 'text/xml');
  const nodes = xpath.select(`//product[@sku='${sku}']/price/text()`, doc);
  return nodes.length ? Number(nodes[0].data) : null;
}

module.exports = { groupsOf, groupsOfEscaped, priceFor, priceForEscaped };
