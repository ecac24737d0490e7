const { Op, QueryTypes, Sequelize } = require('sequelize');
const { sequelize, Product } = require('../models');

async function searchProducts(req, res) {
  const { q = '', minPrice = 0 } = req.query;
  const products = await Product.findAll({
    where: {
      name: { [Op.iLike]: `%${q}%` },
      price: { [Op.gte]: Number(minPrice) },
    },
    limit: 50,
  });
  res.json(products);
}

async function productsByBrand(req, res) {
  const rows = await sequelize.query(
    'SELECT id, name, price FROM products WHERE brand = :brand AND active = true',
    { replacements: { brand: req.params.brand }, type: QueryTypes.SELECT },
  );
  res.json(rows);
}

async function productsSorted(req, res) {
  const order = req.query.order || 'name';
  const rows = await Product.findAll({
    order: Sequelize.literal(`${order} ASC`),
  });
  res.json(rows);
}

async function productStats(req, res) {
  const [results] = await sequelize.query(`SELECT COUNT(*) AS n, AVG(price) AS avg FROM products WHERE category = '${req.query.category}'`);
  res.json(results[0]);
}

module.exports = { searchProducts, productsByBrand, productsSorted, productStats };
