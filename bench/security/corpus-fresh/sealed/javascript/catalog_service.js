const { Op, literal, QueryTypes } = require('sequelize');
const { sequelize, Item, Review } = require('./models');

class CatalogService {
  async itemsWithRating(minRating) {
    return Item.findAll({
      attributes: { include: [[literal(`(SELECT AVG(stars) FROM reviews r WHERE r.item_id = "Item"."id" AND r.stars >= ${minRating})`), 'avgStars']] },
      limit: 100,
    });
  }

  async itemsByIds(ids) {
    return Item.findAll({ where: { id: { [Op.in]: ids.map(Number) } } });
  }

  async reviewsFor(itemId, author) {
    return sequelize.query('SELECT * FROM reviews WHERE item_id = $1 AND author = $2', {
      bind: [itemId, author],
      type: QueryTypes.SELECT,
    });
  }

  async searchReviews(text) {
    return Review.findAll({ where: sequelize.literal(`MATCH(body) AGAINST('${text}')`) });
  }
}

module.exports = new CatalogService();
