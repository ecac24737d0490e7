import React, { useEffect, useState } from 'react';

export default function AdminUsersTable() {
  const [users, setUsers] = useState([]);
  const [sort, setSort] = useState('name');

  useEffect(() => {
    fetch(`/api/admin/users?sort=${encodeURIComponent(sort)}`).then((r) => r.json()).then(setUsers);
  }, [sort]);

  return (
    <table>
      <thead>
        <tr>
          <th onClick={() => setSort('name')}>Name</th>
          <th onClick={() => setSort('email')}>Email</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id}>
            <td>{u.name}</td>
            <td><a href={'mailto:' + u.email}>{u.email}</a></td>
            <td><a href={u.homepage}>site</a></td>
            <td title={u.bio}>{u.bio.slice(0, 40)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
