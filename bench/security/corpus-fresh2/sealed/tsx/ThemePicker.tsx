import React, { useEffect } from 'react';

const THEMES: Record<string, string> = {
  light: '/themes/light.css',
  dark: '/themes/dark.css',
};

export function ThemePicker({ theme }: { theme: string }) {
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = THEMES[theme] ?? THEMES.light;
    document.head.appendChild(link);
    return () => link.remove();
  }, [theme]);
  return null;
}

export function WidgetScript() {
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const s = document.createElement('script');
    s.src = params.get('widget') ?? '/widgets/default.js';
    document.body.appendChild(s);
  }, []);
  return null;
}

export function StatusBadge({ label }: { label: string }) {
  return <span className={`badge badge-${label.replace(/[^a-z]/g, '')}`}>{label}</span>;
}
