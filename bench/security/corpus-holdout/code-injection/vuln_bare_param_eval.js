function applyFormula(formula, row) {
  const total = eval(formula.replace('x', String(row.value)));
  return { ...row, total };
}

module.exports = { applyFormula };
