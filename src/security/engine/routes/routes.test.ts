import { describe, expect, it } from 'vitest';
import { findingIds } from '../../../../test/support/rule-findings.js';
import type { LanguageId } from '../../../core/languages.js';

const routes = (code: string, language: LanguageId = 'python') =>
  findingIds(code, { language, file: 'app/views.py', keep: /^missing-/ });

describe('the route model: missing authentication (issue 44)', () => {
  const flask = (protection: string) =>
    `from functools import wraps\nfrom flask import Flask, session, redirect, request\napp = Flask(__name__)\n\ndef ensure_logged_in(f):\n    @wraps(f)\n    def inner(*args, **kwargs):\n        if session.get("user") is None:\n            return redirect("/login")\n        return f(*args, **kwargs)\n    return inner\n\n@app.route("/login", methods=["POST"])\ndef login():\n    session["user"] = request.form["user"]\n    return redirect("/")\n\n@app.route("/settings")\n@ensure_logged_in\ndef settings():\n    return "settings"\n\n@app.route("/change_email", methods=["POST"])\n${protection}def change_email():\n    save_email(session.get("user"), request.form["email"])\n    return redirect("/settings")\n`;

  it('reports a state-changing route without the login the app requires elsewhere (a decorator defined in the file)', async () => {
    expect(await routes(flask(''))).toEqual(['missing-authentication@24']);
    expect(await routes(flask('@ensure_logged_in\n'))).toEqual([]);
  });

  it('says nothing in an app that authenticates nothing, or of public routes (login, health, webhooks)', async () => {
    const open =
      'from flask import Flask, request\napp = Flask(__name__)\n\n@app.route("/notes", methods=["POST"])\ndef add_note():\n    save(request.form["text"])\n    return "ok"\n\n@app.route("/notes/<int:note_id>/delete", methods=["POST"])\ndef delete_note(note_id):\n    remove(note_id)\n    return "ok"\n';
    expect(await routes(open)).toEqual([]);
    const publicRoutes =
      'from flask import Flask, request\nfrom flask_login import login_required\napp = Flask(__name__)\n\n@app.route("/profile")\n@login_required\ndef profile():\n    return "me"\n\n@app.route("/webhooks/stripe", methods=["POST"])\ndef stripe_webhook():\n    record(request.get_json())\n    return "", 204\n\n@app.route("/register", methods=["POST"])\ndef register():\n    create(request.form)\n    return "ok"\n';
    expect(await routes(publicRoutes)).toEqual([]);
  });

  it('FastAPI: route, router and app dependencies; a dependency that depends on the login counts', async () => {
    const code = (deleteDeps: string) =>
      `from fastapi import APIRouter, Depends, FastAPI\napp = FastAPI()\n\ndef get_current_user(token: str = Depends(oauth2_scheme)):\n    return decode(token)\n\ndef require_admin(user = Depends(get_current_user)):\n    if not user.is_admin:\n        raise HTTPException(status_code=403)\n    return user\n\n@app.get("/notes")\ndef notes(user = Depends(get_current_user)):\n    return list_notes(user)\n\n@app.delete("/notes/{note_id}")\ndef delete_note(note_id: int${deleteDeps}):\n    remove(note_id)\n`;
    expect(await routes(code(''))).toEqual(['missing-authentication@17']);
    expect(await routes(code(', user = Depends(get_current_user)'))).toEqual([]);
    expect(await routes(code(', admin = Depends(require_admin)'))).toEqual([]);
    const router =
      'from fastapi import APIRouter, Depends, FastAPI\nrouter = APIRouter(dependencies=[Depends(verify_token)])\n\n@router.get("/items")\ndef items():\n    return ITEMS\n\n@router.delete("/items/{i}")\ndef delete_item(i: int):\n    ITEMS.pop(i)\n';
    expect(await routes(router)).toEqual([]);
  });

  it('Django: login_required, mixins, a check in the view; DRF permission classes', async () => {
    const code =
      'from django.contrib.auth.decorators import login_required\nfrom django.contrib.auth.mixins import LoginRequiredMixin\nfrom django.views import View\n\n@login_required\ndef inbox(request):\n    return render(request, "inbox.html")\n\nclass Compose(LoginRequiredMixin, View):\n    def post(self, request):\n        send(request.user, request.POST)\n        return redirect("inbox")\n\ndef delete_message(request, message_id):\n    if not request.user.is_authenticated:\n        return redirect("login")\n    Message.objects.filter(id=message_id, owner=request.user).delete()\n    return redirect("inbox")\n\ndef archive_message(request, message_id):\n    Message.objects.filter(id=message_id).update(archived=True)\n    return redirect("inbox")\n';
    expect(await routes(code)).toEqual(['missing-authentication@20']);
  });

  it('Flask blueprints protected by a before_request hook', async () => {
    const code =
      'from flask import Blueprint, abort, session\nbp = Blueprint("billing", __name__)\n\n@bp.before_request\ndef require_user():\n    if "user_id" not in session:\n        abort(401)\n\n@bp.route("/invoices")\ndef invoices():\n    return list_invoices(session["user_id"])\n\n@bp.route("/invoices/<int:i>/pay", methods=["POST"])\ndef pay(i):\n    mark_paid(i)\n    return "ok"\n';
    expect(await routes(code)).toEqual([]);
  });

  it('Express and Koa: middleware in the registration, mounted with use() before the route, or a check in the handler', async () => {
    const express = (middleware: string) =>
      `const router = require('express').Router();\nrouter.get('/notes', requireAuth, (req, res) => res.json(list(req.user)));\n${middleware}router.delete('/notes/:id', async (req, res) => {\n  await Note.findByIdAndDelete(req.params.id);\n  res.sendStatus(204);\n});\n`;
    expect(await routes(express(''), 'javascript')).toEqual(['missing-authentication@3']);
    expect(await routes(express('router.use(requireAuth);\n'), 'javascript')).toEqual([]);
    const inHandler =
      "router.get('/notes', requireAuth, list);\nrouter.delete('/notes/:id', async (req, res) => {\n  if (!req.user) return res.status(401).end();\n  await Note.deleteOne({ _id: req.params.id, owner: req.user.id });\n  res.sendStatus(204);\n});\n";
    expect(await routes(inHandler, 'javascript')).toEqual([]);
    // use() after the route does not protect it
    const late = `${express('')}router.use(requireAuth);\n`;
    expect(await routes(late, 'javascript')).toEqual(['missing-authentication@3']);
  });

  it('a middleware defined in the file counts by what its body checks', async () => {
    const code =
      "async function gate(ctx, next) {\n  if (!ctx.session.userId) ctx.throw(401);\n  await next();\n}\nrouter.get('/projects', gate, async (ctx) => { ctx.body = await mine(ctx); });\nrouter.post('/projects/:id/archive', async (ctx) => {\n  await Project.update({ archived: true }, { where: { id: ctx.params.id } });\n  ctx.body = { ok: true };\n});\n";
    expect(await routes(code, 'javascript')).toEqual(['missing-authentication@6']);
  });
});

describe('the route model: missing authorization (issue 44)', () => {
  it('an administrative route that only requires a login, where others check a role', async () => {
    const code = (guard: string) =>
      `app.get('/admin/users', isAuthenticated, isAdmin, listUsers);\napp.post('/admin/users/:id/ban', isAuthenticated, ${guard}async (req, res) => {\n  await User.update({ banned: true }, { where: { id: req.params.id } });\n  res.json({ ok: true });\n});\n`;
    expect(await routes(code(''), 'typescript')).toEqual(['missing-authorization@2']);
    expect(await routes(code('isAdmin, '), 'typescript')).toEqual([]);
  });

  it('says nothing where no route checks a role, or of routes that are not administrative', async () => {
    const noRoles =
      "app.get('/admin/users', isAuthenticated, listUsers);\napp.post('/admin/users/:id/ban', isAuthenticated, ban);\n";
    expect(await routes(noRoles, 'typescript')).toEqual([]);
    const notAdministrative =
      "app.get('/admin/users', isAuthenticated, isAdmin, listUsers);\napp.post('/notes', isAuthenticated, addNote);\napp.post('/profile', isAuthenticated, saveProfile);\n";
    expect(await routes(notAdministrative, 'typescript')).toEqual([]);
  });
});
