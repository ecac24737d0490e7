const { Sequelize, QueryTypes, Op } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL);
const Member = require('./models/member')(sequelize);

class MemberService {
  async byEmail(email) {
    return sequelize.query(`SELECT * FROM members WHERE email = '${email}'`, { type: QueryTypes.SELECT });
  }

  async byTeam(teamId) {
    return sequelize.query('SELECT * FROM members WHERE team_id = :team', {
      replacements: { team: teamId },
      type: QueryTypes.SELECT,
    });
  }

  async byCity(city) {
    return Member.findAll({ where: { city } });
  }

  async withNickname(fragment) {
    return Member.findAll({ where: sequelize.literal(`nickname LIKE '%${fragment}%'`) });
  }

  async joinedAfter(dateStr) {
    return Member.findAll({ where: { joinedAt: { [Op.gt]: dateStr } } });
  }

  async ranked(order) {
    return Member.findAll({ order: sequelize.literal(order) });
  }
}

module.exports = (app) => {
  const svc = new MemberService();
  app.get('/members', async (req, res) => res.json(await svc.byEmail(req.query.email)));
  app.get('/members/team/:id', async (req, res) => res.json(await svc.byTeam(req.params.id)));
  app.get('/members/city', async (req, res) => res.json(await svc.byCity(req.query.city)));
  app.get('/members/nick', async (req, res) => res.json(await svc.withNickname(req.query.q)));
  app.get('/members/since', async (req, res) => res.json(await svc.joinedAfter(req.query.d)));
  app.get('/members/ranked', async (req, res) => res.json(await svc.ranked(req.query.order)));
};
