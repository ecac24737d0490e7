import React from 'react';
import hljs from 'highlight.js';
import { escape } from 'lodash';

export function DiffViewer({ code, language }: { code: string; language: string }) {
  const highlighted = hljs.highlight(code, { language }).value;
  return <pre><code dangerouslySetInnerHTML={{ __html: highlighted }} /></pre>;
}

export function CommitMessage({ message }: { message: string }) {
  const linked = message.replace(/#(\d+)/g, '<a href="/issues/$1">#$1</a>');
  return <p dangerouslySetInnerHTML={{ __html: linked }} />;
}

export function CommitMessageEscaped({ message }: { message: string }) {
  const linked = escape(message).replace(/#(\d+)/g, '<a href="/issues/$1">#$1</a>');
  return <p dangerouslySetInnerHTML={{ __html: linked }} />;
}
