import type { Conversation } from '../../store/record/conversation-store.js';
import { HttpError } from '../http-error.js';
import { defineRoute, type RouteContext } from '../route.js';
import {
  conversationResponse,
  conversationsResponse,
  conversationTurn,
  conversationTurnRequest,
  conversationView,
  createConversationRequest,
  deletedConversation,
} from '../schemas.js';
import { keptWithoutSecrets } from './kept-without-secrets.js';

const view = ({ userId: _owner, ...conversation }: Conversation) => conversation;

const notFound = (id: string) =>
  new HttpError({
    status: 404,
    code: 'not_found',
    message: `you have no conversation ${JSON.stringify(id)}`,
    hint: 'list yours with GET /v1/conversations',
  });

/**
 * Chat conversations kept on the server, so they can be resumed from any browser. Each belongs to the
 * token's user; another user's is "not found", never "forbidden".
 */
export function registerConversationRoutes(
  context: RouteContext,
  { detectorBudgetMs }: { detectorBudgetMs?: number } = {},
): void {
  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/conversations',
      summary: 'your chat conversations, the most recently written first',
      tag: 'chat',
      scope: 'tasks',
      response: conversationsResponse,
    },
    async (c, { auth }) => {
      const conversations = await context.store.listConversations(auth.user.id);
      return c.json({ conversations: conversations.map(view) });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/conversations',
      summary: 'start a conversation',
      tag: 'chat',
      scope: 'tasks',
      body: createConversationRequest,
      response: conversationView,
      status: 201,
    },
    async (c, { body, auth }) => {
      // a title is the first question, as a secret pasted into it was typed: stored with the placeholder
      const { title } = await keptWithoutSecrets(body, {
        signal: c.req.raw.signal,
        budgetMs: detectorBudgetMs,
      });
      const conversation = await context.store.createConversation({ userId: auth.user.id, title });
      return c.json(view(conversation), 201);
    },
  );

  defineRoute(
    context,
    {
      method: 'get',
      path: '/v1/conversations/{id}',
      summary: 'a conversation with its turns (each with its result and verification report)',
      tag: 'chat',
      scope: 'tasks',
      response: conversationResponse,
    },
    async (c, { params, auth }) => {
      const found = await context.store.getConversation(params.id!, auth.user.id);
      if (!found) throw notFound(params.id!);
      return c.json({ conversation: view(found.conversation), turns: found.turns });
    },
  );

  defineRoute(
    context,
    {
      method: 'post',
      path: '/v1/conversations/{id}/turns',
      summary: 'append a turn: the question, the reply as shown, and the result or the error',
      tag: 'chat',
      scope: 'tasks',
      body: conversationTurnRequest,
      response: conversationTurn,
      status: 201,
    },
    async (c, { params, body, auth }) => {
      // the question, the reply and the result, kept without the secrets they quote
      const { title, ...turn } = await keptWithoutSecrets(body, {
        signal: c.req.raw.signal,
        budgetMs: detectorBudgetMs,
      });
      const stored = await context.store.appendTurn(params.id!, auth.user.id, {
        turn,
        ...(title !== undefined ? { title } : {}),
      });
      if (!stored) throw notFound(params.id!);
      return c.json(stored, 201);
    },
  );

  defineRoute(
    context,
    {
      method: 'delete',
      path: '/v1/conversations/{id}',
      summary: 'delete a conversation and its turns',
      tag: 'chat',
      scope: 'tasks',
      response: deletedConversation,
    },
    async (c, { params, auth }) => {
      if (!(await context.store.deleteConversation(params.id!, auth.user.id))) throw notFound(params.id!);
      return c.json({ deleted: params.id! });
    },
  );
}
