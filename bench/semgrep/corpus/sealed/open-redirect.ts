import express from 'express';

const app = express();

app.get('/login', (req, res) => {
  // ruleid: express-redirect-from-query
  res.redirect(req.query.next as string);
});

app.get('/go', (req, res) => {
  // ok: express-redirect-from-query
  res.redirect('/home?from=' + req.query.next);
});

app.post('/out', requireUser, (req, res) => {
  const target = String(req.query.to ?? '/');
  // ruleid: express-redirect-from-query
  res.redirect(decodeURIComponent(req.query.to as string) || target);
});

// ok: express-redirect-from-query
export const later = (res: express.Response, req: express.Request) => res.redirect(req.query.x as string);
