import React from 'react';

const AUTHORIZE_URL = 'https://auth.example.com/oauth/authorize';
const CLIENT_ID = 'web-dashboard';

function newState() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function newNonce() {
  return String(Math.random()).slice(2);
}

export default function OAuthButton({ provider = 'example' }) {
  const signIn = () => {
    const state = newState();
    const nonce = newNonce();
    sessionStorage.setItem('oauth_state', state);
    sessionStorage.setItem('oauth_nonce', nonce);
    const params = new URLSearchParams({
      client_id: CLIENT_ID,
      response_type: 'code',
      redirect_uri: `${window.location.origin}/oauth/callback`,
      scope: 'openid profile email',
      state,
      nonce,
    });
    window.location.assign(`${AUTHORIZE_URL}?${params}`);
  };
  return <button onClick={signIn}>Sign in with {provider}</button>;
}
