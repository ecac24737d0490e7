import type { Knex } from 'knex';
import { Schema, model } from 'mongoose';

const Event = model('Event', new Schema({ name: String, city: String, startsAt: Date }));

type Ctx = { db: Knex; userId: string };

export const resolvers = {
  Query: {
    venues: (_: unknown, args: { city: string }, { db }: Ctx) =>
      db('venues').where('city', args.city).select('id', 'name'),
    venueStats: (_: unknown, args: { metric: string; city: string }, { db }: Ctx) =>
      db.raw(`SELECT ${args.metric}(capacity) AS v FROM venues WHERE city = ?`, [args.city]),
    events: (_: unknown, args: { filter: string }) => Event.find({ $where: args.filter }),
    eventsByCity: (_: unknown, args: { city: string }) => Event.find({ city: String(args.city) }),
  },
  Mutation: {
    renameVenue: async (_: unknown, args: { id: string; name: string }, { db }: Ctx) => {
      await db.raw('UPDATE venues SET name = :name WHERE id = :id', { name: args.name, id: args.id });
      return true;
    },
  },
};
