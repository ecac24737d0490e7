const ldap = require('ldapjs');
const { EqualityFilter, AndFilter } = require('ldapjs');

const client = ldap.createClient({ url: 'ldaps://ldap.corp.example.com' });
const BASE = 'ou=staff,dc=corp,dc=example,dc=com';

function lookup(username) {
  return new Promise((resolve, reject) => {
    client.search(BASE, { filter: `(&(objectClass=inetOrgPerson)(uid=${username}))`, scope: 'sub' }, (err, res) => {
      if (err) return reject(err);
      const out = [];
      res.on('searchEntry', (e) => out.push(e.pojo));
      res.on('end', () => resolve(out));
    });
  });
}

function lookupSafe(username) {
  const filter = new AndFilter({
    filters: [new EqualityFilter({ attribute: 'objectClass', value: 'inetOrgPerson' }), new EqualityFilter({ attribute: 'uid', value: username })],
  });
  return new Promise((resolve, reject) => {
    client.search(BASE, { filter, scope: 'sub' }, (err, res) => {
      if (err) return reject(err);
      const out = [];
      res.on('searchEntry', (e) => out.push(e.pojo));
      res.on('end', () => resolve(out));
    });
  });
}

module.exports = (app) => {
  app.get('/staff/:uid', async (req, res) => res.json(await lookup(req.params.uid)));
  app.get('/staff2/:uid', async (req, res) => res.json(await lookupSafe(req.params.uid)));
};
