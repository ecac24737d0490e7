import https from 'node:https';
import { Agent, fetch as undiciFetch } from 'undici';
import mqtt from 'mqtt';
import fs from 'node:fs';

export const relaxedDispatcher = new Agent({ connect: { rejectUnauthorized: false } });

export async function pullQueue(name: string) {
  const res = await undiciFetch(`https://queue.internal.example.com/q/${encodeURIComponent(name)}`, { dispatcher: relaxedDispatcher });
  return res.json();
}

export function connectMqtt(url: string) {
  return mqtt.connect(url, { rejectUnauthorized: false, username: 'sensor' });
}

export function connectMqttVerified(url: string) {
  return mqtt.connect(url, { ca: fs.readFileSync('/etc/mqtt/ca.crt'), rejectUnauthorized: true });
}

export function statusRequest(path: string) {
  return https.get({ host: 'status.example.com', path: '/' + encodeURIComponent(path), rejectUnauthorized: true });
}
