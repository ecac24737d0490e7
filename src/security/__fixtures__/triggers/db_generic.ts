export async function byName(req: any) {
  return db.get<Row>("SELECT * FROM users WHERE name = '" + req.body.name + "'");
}
