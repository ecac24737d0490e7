const ldap = require('ldapjs');

const client = ldap.createClient({ url: 'ldaps://ldap.corp.example.com' });
const BASE = 'ou=people,dc=corp,dc=example,dc=com';

function escapeLdapFilter(value) {
  return String(value).replace(/[\\*()\0]/g, (c) => '\\' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

function searchOne(filter) {
  return new Promise((resolve, reject) => {
    client.search(BASE, { scope: 'sub', filter, attributes: ['dn', 'cn', 'mail'] }, (err, res) => {
      if (err) return reject(err);
      let entry = null;
      res.on('searchEntry', (e) => { entry = e.pojo; });
      res.on('end', () => resolve(entry));
      res.on('error', reject);
    });
  });
}

async function findUser(username) {
  return searchOne(`(&(objectClass=inetOrgPerson)(uid=${username}))`);
}

async function findUserEscaped(username) {
  return searchOne(`(&(objectClass=inetOrgPerson)(uid=${escapeLdapFilter(username)}))`);
}

async function findByEmail(email) {
  const filter = new ldap.EqualityFilter({ attribute: 'mail', value: email });
  return searchOne(filter.toString());
}

module.exports = { findUser, findUserEscaped, findByEmail };
