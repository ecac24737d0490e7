import { QueryTypes } from 'sequelize';
import { sequelize } from './sequelize';
import { Book } from './models/book';

interface Context {
  userId?: string;
}

export const resolvers = {
  Query: {
    book: async (_: unknown, { id }: { id: string }) => Book.findByPk(id),
    booksByGenre: async (_: unknown, { genre }: { genre: string }) =>
      sequelize.query('SELECT * FROM books WHERE genre = $genre', { bind: { genre }, type: QueryTypes.SELECT }),
    searchBooks: async (_: unknown, { term, orderBy }: { term: string; orderBy?: string }) => {
      const order = orderBy ?? 'title';
      return sequelize.query(`SELECT * FROM books WHERE title ILIKE '%${term}%' ORDER BY ${order}`, {
        type: QueryTypes.SELECT,
      });
    },
  },
  Mutation: {
    rateBook: async (_: unknown, { id, stars }: { id: string; stars: number }, ctx: Context) => {
      await sequelize.query('INSERT INTO ratings (book_id, user_id, stars) VALUES (?, ?, ?)', {
        replacements: [id, ctx.userId, stars],
      });
      return true;
    },
  },
};
