import { useRef } from 'react';

export function UploadList() {
  const listRef = useRef<HTMLUListElement>(null);

  const onFiles = (files: FileList | null) => {
    if (!files || !listRef.current) return;
    for (const f of Array.from(files)) {
      const li = document.createElement('li');
      li.innerHTML = `<span class="name">${f.name}</span> <small>${Math.round(f.size / 1024)} KB</small>`;
      listRef.current.appendChild(li);
    }
  };

  const onPreview = (file: File) => {
    const img = document.createElement('img');
    img.src = URL.createObjectURL(file);
    img.alt = file.name;
    document.getElementById('preview')?.replaceChildren(img);
  };

  return (
    <div>
      <input type="file" multiple onChange={(e) => onFiles(e.target.files)} />
      <input type="file" accept="image/*" onChange={(e) => e.target.files?.[0] && onPreview(e.target.files[0])} />
      <ul ref={listRef} />
      <div id="preview" />
    </div>
  );
}
