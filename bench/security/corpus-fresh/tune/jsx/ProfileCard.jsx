import React from 'react';
import PropTypes from 'prop-types';
import './ProfileCard.css';

export default function ProfileCard({ user }) {
  const twitterHref = `https://twitter.com/${encodeURIComponent(user.twitterHandle || '')}`;
  return (
    <div className="profile-card">
      <img className="avatar" src={user.avatarUrl} alt={`${user.name}'s avatar`} />
      <h2>{user.name}</h2>
      <div className="bio" dangerouslySetInnerHTML={{ __html: user.bio }} />
      <p className="headline">{user.headline}</p>
      <a className="website" href={user.website}>
        {user.website}
      </a>
      {user.twitterHandle && (
        <a href={twitterHref} target="_blank" rel="noopener noreferrer">
          @{user.twitterHandle}
        </a>
      )}
    </div>
  );
}

ProfileCard.propTypes = {
  user: PropTypes.shape({
    name: PropTypes.string,
    bio: PropTypes.string,
    headline: PropTypes.string,
    website: PropTypes.string,
    avatarUrl: PropTypes.string,
    twitterHandle: PropTypes.string,
  }).isRequired,
};
