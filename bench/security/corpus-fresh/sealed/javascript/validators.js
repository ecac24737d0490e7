const validator = require('validator');

const PRODUCT_CODE = /^([A-Z]+\d*)+-X$/;
const QUOTED = /"(?:[^"\\]|\\.)*"/;

function isProductCode(code) {
  return PRODUCT_CODE.test(code);
}

function isEmail(value) {
  return validator.isEmail(String(value));
}

function filterByPattern(list, pattern, flags = '') {
  const re = RegExp(pattern, flags);
  return list.filter((x) => re.test(x));
}

function firstQuoted(s) {
  const m = QUOTED.exec(s);
  return m ? m[0] : null;
}

function startsWithPrefix(list, prefix) {
  const re = new RegExp('^' + prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return list.filter((x) => re.test(x));
}

module.exports = { isProductCode, isEmail, filterByPattern, firstQuoted, startsWithPrefix };
