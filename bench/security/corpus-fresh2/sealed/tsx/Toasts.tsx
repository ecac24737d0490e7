import { useEffect, useRef } from 'react';

export interface Toast {
  id: number;
  text: string;
  html?: string;
}

export function ToastHost({ toasts }: { toasts: Toast[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    el.replaceChildren();
    for (const t of toasts) {
      if (t.html) {
        el.insertAdjacentHTML('beforeend', `<div class="toast">${t.html}</div>`);
      } else {
        const div = document.createElement('div');
        div.className = 'toast';
        div.innerText = t.text;
        el.appendChild(div);
      }
    }
  }, [toasts]);
  return <div ref={host} className="toasts" />;
}

export function StaticHelp() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.innerHTML = '<p>Press <kbd>?</kbd> for shortcuts</p>';
  }, []);
  return <div ref={ref} />;
}
