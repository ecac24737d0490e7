import express from 'express';
import React from 'react';
import { renderToString } from 'react-dom/server';
import serialize from 'serialize-javascript';
import App from './App';

const app = express();

function page(markup, stateScript) {
  return `<!doctype html><html><head><title>Shop</title></head><body><div id="root">${markup}</div>${stateScript}<script src="/bundle.js"></script></body></html>`;
}

app.get('/', async (req, res) => {
  const state = { user: req.user ?? null, search: req.query.q ?? '' };
  const markup = renderToString(<App initialState={state} />);
  res.send(page(markup, `<script>window.__STATE__ = ${JSON.stringify(state)}</script>`));
});

app.get('/v2', async (req, res) => {
  const state = { user: req.user ?? null, search: req.query.q ?? '' };
  const markup = renderToString(<App initialState={state} />);
  res.send(page(markup, `<script>window.__STATE__ = ${serialize(state, { isJSON: true })}</script>`));
});

app.listen(3000);
