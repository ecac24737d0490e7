import { raw } from 'objection';
export async function list(req) {
  return Person.knexQuery().where(raw("name = '" + req.body.name + "'"));
}
