const vm = require('vm');

const DEFAULT_CONTEXT = { Math, Date };

function evaluateRule(rule, facts) {
  const sandbox = { ...DEFAULT_CONTEXT, facts, result: false };
  vm.runInNewContext(`result = (${rule.expression});`, sandbox, { timeout: 50 });
  return Boolean(sandbox.result);
}

function compileFormula(formula) {
  return new Function('row', `return ${formula};`);
}

function parseSettings(text) {
  return JSON.parse(text);
}

function legacyParse(text) {
  return eval('(' + text + ')');
}

function applyDiscount(expression, price) {
  const m = /^(\d{1,2})%$/.exec(expression);
  if (!m) throw new Error('unsupported discount format');
  return price * (1 - Number(m[1]) / 100);
}

module.exports = { evaluateRule, compileFormula, parseSettings, legacyParse, applyDiscount };
