import { useEffect } from 'react';

const WIDGETS = {
  chat: 'https://cdn.example.com/widgets/chat.v3.js',
  survey: 'https://cdn.example.com/widgets/survey.v1.js',
};

export function WidgetLoader({ name }) {
  useEffect(() => {
    const src = Object.hasOwn(WIDGETS, name) ? WIDGETS[name] : null;
    if (!src) return;
    const el = document.createElement('script');
    el.src = src;
    document.body.appendChild(el);
  }, [name]);
  return null;
}

export function ExperimentLoader() {
  useEffect(() => {
    const variantUrl = new URLSearchParams(window.location.search).get('variant');
    if (variantUrl) {
      document.write(`<script src="${variantUrl}"></script>`);
    }
  }, []);
  return null;
}
