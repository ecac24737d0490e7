import React, { useState } from 'react';
import { Link } from 'react-router-dom';

export default function UserMenu({ user, onSignOut }) {
  const [open, setOpen] = useState(false);
  return (
    <nav className="user-menu">
      <button onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        {user.displayName}
      </button>
      {open && (
        <ul>
          <li>
            <Link to={`/users/${encodeURIComponent(user.username)}`}>Profile</Link>
          </li>
          <li>
            <a href={user.homepage} rel="me">Homepage</a>
          </li>
          <li>
            <a href={`https://status.example.com/?ref=${encodeURIComponent(user.id)}`}>Status</a>
          </li>
          <li>
            <button onClick={onSignOut}>Sign out</button>
          </li>
        </ul>
      )}
    </nav>
  );
}
