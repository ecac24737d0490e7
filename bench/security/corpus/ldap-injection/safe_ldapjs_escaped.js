const ldap = require('ldapjs');
const { filter: escapeFilter } = require('ldap-escape');
const express = require('express');
const app = express();
const client = ldap.createClient({ url: 'ldap://ldap.internal' });

app.get('/user', (req, res) => {
  const uid = Number(req.query.uid);
  client.search('dc=corp,dc=com', { filter: '(uidNumber=' + uid + ')', scope: 'sub' }, (err, result) => res.end());
});
