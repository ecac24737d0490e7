import React from 'react';

function isHttpUrl(value) {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export default function WebsiteLink({ profile }) {
  const site = profile.website;
  return (
    <ul className="links">
      <li><a href={site}>Website</a></li>
      <li>{isHttpUrl(site) ? <a href={site} rel="noopener noreferrer">Website</a> : null}</li>
      <li><a href={`/u/${encodeURIComponent(profile.handle)}`}>Profile</a></li>
      <li><a href={`mailto:${profile.email}`}>Email</a></li>
    </ul>
  );
}
