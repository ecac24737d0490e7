'use strict';

const { execFile } = require('child_process');
const path = require('path');
const { Pool } = require('pg');
const escapeHtml = require('escape-html');

const pool = new Pool();
const ARCHIVE_DIR = path.resolve('/var/log/audit-archive');

async function eventsFor(actorId, { from, to, type }) {
  const clauses = ['actor_id = $1'];
  const params = [actorId];
  if (type) {
    params.push(type);
    clauses.push(`event_type = $${params.length}`);
  }
  if (from && to) {
    params.push(from, to);
    clauses.push(`created_at BETWEEN $${params.length - 1} AND $${params.length}`);
  }
  const sql = `SELECT id, event_type, created_at FROM audit_events WHERE ${clauses.join(' AND ')} ORDER BY created_at DESC`;
  const { rows } = await pool.query(sql, params);
  return rows;
}

function archive(day) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error('day must be YYYY-MM-DD');
  const out = path.join(ARCHIVE_DIR, `audit-${day}.tar.gz`);
  return new Promise((resolve, reject) => {
    execFile('tar', ['czf', out, '-C', '/var/log/audit', `${day}`], (err) => (err ? reject(err) : resolve(out)));
  });
}

function renderRow(evt) {
  return `<tr><td>${escapeHtml(evt.event_type)}</td><td>${escapeHtml(String(evt.created_at))}</td></tr>`;
}

module.exports = { eventsFor, archive, renderRow };
