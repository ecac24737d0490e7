import React, { useEffect } from 'react';

export function PluginLoader() {
  useEffect(() => {
    const plugin = new URLSearchParams(location.search).get('plugin');
    if (!plugin) return;
    const s = document.createElement('script');
    s.src = plugin;
    document.head.appendChild(s);
  }, []);
  return null;
}

export function AnalyticsLoader({ siteId }) {
  useEffect(() => {
    const s = document.createElement('script');
    s.src = `https://cdn.analytics.example.com/v3/tag.js?site=${encodeURIComponent(siteId)}`;
    s.integrity = 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC';
    s.crossOrigin = 'anonymous';
    document.head.appendChild(s);
  }, [siteId]);
  return null;
}

export function PrintView({ title }) {
  const open = () => {
    const w = window.open('', '_blank');
    w.document.write(`<h1>${title}</h1>`);
    w.document.close();
  };
  return <button onClick={open}>Print</button>;
}
