import { useEffect, useRef, useState } from 'react';

const HOST_ORIGIN = 'https://helpdesk.example.com';

export default function ChatWindow({ sessionToken }) {
  const [messages, setMessages] = useState([]);
  const systemRef = useRef(null);

  useEffect(() => {
    const onMsg = (e) => {
      if (e.origin !== HOST_ORIGIN) return;
      if (e.data?.type === 'chat') setMessages((m) => [...m, e.data.text]);
    };
    window.addEventListener('message', onMsg);
    return () => window.removeEventListener('message', onMsg);
  }, []);

  useEffect(() => {
    const onSystem = (e) => {
      if (e.data?.type === 'system') systemRef.current.innerHTML = e.data.html;
    };
    window.addEventListener('message', onSystem);
    return () => window.removeEventListener('message', onSystem);
  }, []);

  useEffect(() => {
    window.parent.postMessage({ type: 'ready', sessionToken }, '*');
    window.parent.postMessage({ type: 'height', value: document.body.scrollHeight }, HOST_ORIGIN);
  }, [sessionToken]);

  return (
    <div className="chat">
      <div ref={systemRef} className="system" />
      <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>
    </div>
  );
}
