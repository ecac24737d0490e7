import { useState } from 'react';
import { v4 as uuidv4 } from 'uuid';

function createInviteCode() {
  return Math.random().toString(36).substring(2, 10).toUpperCase();
}

export default function InviteModal({ teamId, onSend, onClose }) {
  const [emails, setEmails] = useState([{ id: uuidv4(), value: '' }]);

  const addRow = () => setEmails((rows) => [...rows, { id: uuidv4(), value: '' }]);
  const update = (id, value) => setEmails((rows) => rows.map((r) => (r.id === id ? { ...r, value } : r)));

  const send = () => {
    const invites = emails.filter((r) => r.value).map((r) => ({ email: r.value, code: createInviteCode(), teamId }));
    onSend(invites);
    onClose();
  };

  return (
    <div role="dialog" className="modal">
      {emails.map((row) => (
        <input key={row.id} type="email" value={row.value} onChange={(e) => update(row.id, e.target.value)} />
      ))}
      <button onClick={addRow}>Add another</button>
      <button onClick={send}>Send invites</button>
      <span className="tip">{['Tip: invite your whole team', 'Tip: admins can revoke invites'][Math.floor(Math.random() * 2)]}</span>
    </div>
  );
}
